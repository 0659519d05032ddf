package org.errandless.identity.verification;

import static io.restassured.RestAssured.given;
import static org.errandless.identity.verification.Verifications.FACE;
import static org.errandless.identity.verification.Verifications.png;
import static org.errandless.identity.verification.Verifications.verify;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.ProviderStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * The http adapters as the application runs them (fault-tolerance interceptors active), pointed at local stubs: the
 * test selects them and their clients for its own tests only. The test profile lets retries go without delay and
 * opens a circuit after 4 calls.
 */
@QuarkusTest
class ProviderResilienceTest {

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
        carrierStub.close();
        faceStub.close();
        circuits.resetAll();
    }

    @Test
    void carrierVerdictsComeFromTheProvider() {
        RegistryFixtures.Member person = newPerson();
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        carrierStub.then(ProviderStub.verdict(Map.of("match", false)));
        verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(422)
                .body("code", equalTo("phone-not-registered-to-id"));
        verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(200)
                .body("profile.assuranceLevel", equalTo("L2"));
        assertEquals(citizen.phone(), carrierStub.requests().get(1).body().get("phone").asText());
        assertEquals(person.name(), carrierStub.requests().get(1).body().get("name").asText());
    }

    @Test
    void carrierOutageIs503AndNoFailureOfTheDay() {
        carrierStub.byDefault(ProviderStub.answer(503, ""));
        RegistryFixtures.Member person = newPerson();
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        for (int i = 0; i < 6; i++) {
            verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(503)
                    .contentType("application/problem+json").body("code", equalTo("verification-unavailable"))
                    .header("Retry-After", "30");
        }
        // an answered error is not retried, and the circuit opened after 4 of them
        assertEquals(4, carrierStub.requests().size());
        assertEquals(CircuitBreakerState.OPEN, circuits.currentState(HttpCarrierVerifier.CIRCUIT));
        circuits.resetAll();
        carrierStub.byDefault(ProviderStub.verdict(Map.of("match", true)));
        verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(200);
    }

    @Test
    void transportErrorsAreRetried() {
        carrierStub.then(ProviderStub.dropConnection()).then(ProviderStub.dropConnection())
                .byDefault(ProviderStub.verdict(Map.of("match", true)));
        RegistryFixtures.Member person = newPerson();
        verify(TestCitizens.signIn().accessToken(), person.name(), person.idNumber()).statusCode(200)
                .body("profile.assuranceLevel", equalTo("L2"));
        assertEquals(3, carrierStub.requests().size());
    }

    @Test
    void persistentTransportErrorsAre503AfterTwoRetries() {
        carrierStub.byDefault(ProviderStub.dropConnection());
        RegistryFixtures.Member person = newPerson();
        verify(TestCitizens.signIn().accessToken(), person.name(), person.idNumber()).statusCode(503)
                .body("code", equalTo("verification-unavailable"));
        assertEquals(3, carrierStub.requests().size());
    }

    @Test
    void anOpenCircuitFailsFastWithoutCallingTheProvider() {
        carrierStub.byDefault(ProviderStub.answer(500, ""));
        for (int i = 0; i < 4; i++) {
            assertThrows(VerificationUnavailableException.class,
                    () -> httpCarrier.phoneRegisteredTo("17000000000", "测试", "500103198803120516"));
        }
        assertThrows(CircuitBreakerOpenException.class,
                () -> httpCarrier.phoneRegisteredTo("17000000000", "测试", "500103198803120516"));
        assertEquals(4, carrierStub.requests().size());
    }

    @Test
    void faceVerdictsComeFromTheProvider() {
        RegistryFixtures.Member person = newPerson();
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        String token = verify(citizen.accessToken(), person.name(), person.idNumber()).statusCode(200).extract()
                .path("tokens.accessToken");
        faceStub.then(ProviderStub.verdict(Map.of("match", false, "live", true)))
                .then(ProviderStub.verdict(Map.of("match", true, "live", false)))
                .byDefault(ProviderStub.verdict(Map.of("match", true, "live", true)));
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).multiPart("photo", "face.png", png(480, 480), "image/png").post(FACE).then()
                    .statusCode(422).contentType("application/problem+json").body("code", equalTo("face-mismatch"));
        }
        given().auth().oauth2(token).multiPart("photo", "face.png", png(480, 480), "image/png").post(FACE).then()
                .statusCode(200).body("profile.assuranceLevel", equalTo("L3"));
        assertEquals(person.idNumber(), faceStub.requests().get(0).body().get("idNumber").asText());
        assertEquals("image/png", faceStub.requests().get(0).body().get("imageType").asText());
    }

    @Test
    void faceOutageIs503() {
        RegistryFixtures.Member person = newPerson();
        String token = verify(TestCitizens.signIn().accessToken(), person.name(), person.idNumber()).statusCode(200)
                .extract().path("tokens.accessToken");
        faceStub.byDefault(ProviderStub.dropConnection());
        given().auth().oauth2(token).multiPart("photo", "face.png", png(480, 480), "image/png").post(FACE).then()
                .statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("verification-unavailable"));
        assertEquals(3, faceStub.requests().size());
    }

    private RegistryFixtures.Member newPerson() {
        return fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
    }
}
