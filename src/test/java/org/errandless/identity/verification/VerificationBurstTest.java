package org.errandless.identity.verification;

import static io.restassured.RestAssured.given;
import static org.errandless.identity.verification.Verifications.FACE;
import static org.errandless.identity.verification.Verifications.png;
import static org.errandless.identity.verification.Verifications.verify;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.Bursts;
import org.errandless.support.ProviderStub;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Issue 11 item 5: the five failures a day of real-name verification and the face check hold under a burst. The
 * provider stubs hold every request until the test has seen the whole burst settle (each request either held at a
 * stub or answered), so on a check-then-act limit every attempt would be at the provider at once.
 */
@QuarkusTest
class VerificationBurstTest {

    private static final int BURST = 20;
    private static final int MAX_FAILURES = 5;

    @Inject
    HttpCarrierVerifier httpCarrier;
    @Inject
    HttpFaceVerifier httpFace;
    @Inject
    CircuitBreakerMaintenance circuits;
    @Inject
    RegistryFixtures fixtures;

    private ProviderStub carrierStub;
    private ProviderStub faceStub;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void useHttpAdaptersAgainstStubs() {
        carrierStub = ProviderStub.start();
        faceStub = ProviderStub.start();
        QuarkusMock.installMockForType(new ProviderClients(carrierStub.client("carrier check", Duration.ofSeconds(5)),
                faceStub.client("face check", Duration.ofSeconds(5))), ProviderClients.class);
        QuarkusMock.installMockForType(new VerificationProviders(httpCarrier, httpFace), VerificationProviders.class);
        circuits.resetAll();
    }

    @AfterEach
    void stopStubs() {
        release.countDown();
        carrierStub.close();
        faceStub.close();
        circuits.resetAll();
    }

    @Test
    void twentyParallelWrongVerificationsReachTheCarrierFiveTimes() throws Exception {
        RegistryFixtures.Member person = newPerson();
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        CountDownLatch settled = new CountDownLatch(BURST);
        carrierStub.byDefault(holding(settled, "{\"match\": false}"));

        List<Integer> statuses = burst(settled, () -> verify(citizen.accessToken(), person.name(),
                person.idNumber()).extract().statusCode(), carrierStub);

        assertEquals(MAX_FAILURES, Collections.frequency(statuses, 422), statuses.toString());
        assertEquals(BURST - MAX_FAILURES, Collections.frequency(statuses, 429), statuses.toString());
        // the day's failures are spent: the next attempt is refused without asking the carrier
        verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(429)
                .body("code", equalTo("rate-limited"));
        assertEquals(MAX_FAILURES, carrierStub.requests().size());
    }

    @Test
    void twentyParallelFailedFaceChecksReachTheProviderFiveTimes() throws Exception {
        RegistryFixtures.Member person = newPerson();
        TestCitizens.SignedIn citizen = TestCitizens.boundTo(person.id());
        byte[] photo = png(480, 480);
        CountDownLatch settled = new CountDownLatch(BURST);
        faceStub.byDefault(holding(settled, "{\"match\": false, \"live\": true}"));

        List<Integer> statuses = burst(settled, () -> given().auth().oauth2(citizen.accessToken())
                .multiPart("photo", "face.png", photo, "image/png").post(FACE).then().extract().statusCode(),
                faceStub);

        assertEquals(MAX_FAILURES, Collections.frequency(statuses, 422), statuses.toString());
        assertEquals(BURST - MAX_FAILURES, Collections.frequency(statuses, 429), statuses.toString());
    }

    /** Only failures count: a success and an outage give the attempt's reservation back. */
    @Test
    void attemptsThatDoNotFailGiveTheirReservationBack() {
        RegistryFixtures.Member person = newPerson();
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        carrierStub.byDefault(ProviderStub.verdict(Map.of("match", false)));
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(422);
        }
        carrierStub.then(ProviderStub.answer(503, "")).then(ProviderStub.verdict(Map.of("match", true)));
        verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(503);
        verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(200);
        // four failures so far: one more is allowed, then the day is over
        verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(422)
                .body("code", equalTo("phone-not-registered-to-id"));
        verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(429);
    }

    /**
     * Runs the burst; once every request is either held at the stub or answered, counts what reached the stub, then
     * lets the held ones go.
     */
    private List<Integer> burst(CountDownLatch settled, Callable<Integer> attempt, ProviderStub stub)
            throws Exception {
        Bursts.Burst<Integer> burst = Bursts.start(BURST, () -> {
            int status = attempt.call();
            settled.countDown();
            return status;
        });
        Bursts.await(settled, "every attempt is at the provider or answered");
        int reached = stub.requests().size();
        release.countDown();
        List<Integer> statuses = burst.results();
        assertEquals(MAX_FAILURES, reached, "attempts that reached the provider; answers " + statuses);
        return statuses;
    }

    /** Holds each request until the test releases it, then answers with this body. */
    private ProviderStub.Behaviour holding(CountDownLatch settled, String answer) {
        return exchange -> {
            settled.countDown();
            Bursts.awaitQuietly(release);
            ProviderStub.answer(200, answer).handle(exchange);
        };
    }

    private RegistryFixtures.Member newPerson() {
        return fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
    }
}
