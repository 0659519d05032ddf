package org.errandless.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.errandless.identity.verification.HttpCarrierVerifier;
import org.errandless.identity.verification.HttpFaceVerifier;
import org.errandless.identity.verification.ProviderClients;
import org.errandless.identity.verification.VerificationProviders;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.Bursts;
import org.errandless.support.ProviderStub;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestOtp;
import org.errandless.support.TestPartners;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Issue 12 item 1 (and issue 11 item 5 under pool pressure), for identity and the partner checks: with a pool of five
 * connections, a request takes one pooled connection at a time and holds none while it waits for a provider. On main
 * a wrong OTP code took a second connection for its failure record while its first held the challenge's row lock, and
 * a partner check a second one for its rate-limit counter while the first was enlisted in the check's transaction:
 * bursts larger than the pool then waited for connections no one would give back, and answered 500.
 */
@QuarkusTest
@TestProfile(OneConnectionAtATimeTest.PoolOfFive.class)
class OneConnectionAtATimeTest {

    /**
     * Five pooled connections. The point is that every request gets one, not how fast on a loaded test machine: a
     * request waits up to 30 s for a connection and the test's client up to 120 s for an answer.
     */
    public static class PoolOfFive implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", "5",
                    "quarkus.datasource.jdbc.acquisition-timeout", "30S",
                    "quarkus.http.test-timeout", "120S");
        }
    }

    private static final int POOL = 5;

    @Inject
    RegistryFixtures fixtures;
    @Inject
    CircuitBreakerMaintenance circuits;
    @Inject
    HttpCarrierVerifier httpCarrier;
    @Inject
    HttpFaceVerifier httpFace;

    @Test
    void hundredConcurrentWrongCodesAnswer401Or423AndCountFive() throws Exception {
        String phone = TestCitizens.newPhone();
        String challenge = TestOtp.challenge(phone);
        String wrong = TestOtp.wrong(TestOtp.latestCode(phone));

        List<Integer> statuses = Bursts.run(100, () -> TestOtp.verify(challenge, wrong).statusCode());

        assertEquals(4, Collections.frequency(statuses, 401), statuses.toString());
        assertEquals(96, Collections.frequency(statuses, 423), statuses.toString());
        assertEquals(5, attemptsOf(challenge));
        TestOtp.verify(challenge, TestOtp.latestCode(phone)).then().statusCode(423).body("code", equalTo("otp-locked"));
    }

    @Test
    void aBurstOfCodeRequestsForOnePhoneSendsOneCode() throws Exception {
        String phone = TestCitizens.newPhone();

        List<Response> answers = Bursts.run(30, () -> TestOtp.request(phone));

        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        assertEquals(1, Collections.frequency(statuses, 202), statuses.toString());
        assertEquals(29, Collections.frequency(statuses, 429), statuses.toString());
        String challenge = answers.stream().filter(answer -> answer.statusCode() == 202).findFirst().orElseThrow()
                .path("challengeId");
        assertEquals(1, query("select count(*) from otp_challenge where phone_hash = (select phone_hash from "
                + "otp_challenge where id = ?)", UUID.fromString(challenge)));
    }

    @Test
    void concurrentPartnerChecksTakeOneConnectionAtATimeAndKeepTheQuota() throws Exception {
        String head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD).idNumber();
        String token = TestPartners.token(TestPartners.create(30, "registry.person.read"));

        List<Integer> statuses = Bursts.run(50, () -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("idNumber", head, "purpose", "SOCIAL_ASSISTANCE"))
                .post("/api/v1/partner/residency-checks").statusCode());

        assertEquals(30, Collections.frequency(statuses, 200), statuses.toString());
        assertEquals(20, Collections.frequency(statuses, 429), statuses.toString());
    }

    /**
     * While carrier and face checks hang at the providers (as many as the pool has connections), no session of the
     * application is idle in a transaction and other requests get connections at once.
     */
    @Test
    void providerChecksHoldNoConnectionWhileTheyWait() throws Exception {
        CountDownLatch arrived = new CountDownLatch(POOL);
        CountDownLatch release = new CountDownLatch(1);
        ProviderStub.Behaviour hang = exchange -> {
            arrived.countDown();
            Bursts.awaitQuietly(release);
            ProviderStub.answer(200, "{\"match\": true, \"live\": true}").handle(exchange);
        };
        try (ProviderStub carrier = ProviderStub.start().byDefault(hang);
                ProviderStub face = ProviderStub.start().byDefault(hang)) {
            QuarkusMock.installMockForType(new ProviderClients(carrier.client("carrier check", Duration.ofSeconds(5)),
                    face.client("face check", Duration.ofSeconds(5))), ProviderClients.class);
            QuarkusMock.installMockForType(new VerificationProviders(httpCarrier, httpFace),
                    VerificationProviders.class);
            circuits.resetAll();
            List<Callable<Integer>> checks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RegistryFixtures.Member person = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
                String token = TestCitizens.signIn().accessToken();
                checks.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Map.of("name", person.name(), "idNumber", person.idNumber()))
                        .post("/api/v1/me/identity").statusCode());
            }
            byte[] photo = png(480, 480);
            for (int i = 0; i < POOL - 3; i++) {
                RegistryFixtures.Member person = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
                String token = TestCitizens.boundTo(person.id()).accessToken();
                checks.add(() -> given().auth().oauth2(token).multiPart("photo", "face.png", photo, "image/png")
                        .post("/api/v1/me/identity/face").statusCode());
            }
            String signedIn = TestCitizens.signIn().accessToken();
            Bursts.Burst<Integer> burst = Bursts.start(checks);
            try {
                Bursts.await(arrived, "every check waits at a provider");

                assertEquals(List.of(), idleInTransaction());
                // each a connection of the pool, one after another: more than the pool has, none of them waits
                for (int i = 0; i < POOL + 1; i++) {
                    given().get("/api/v1/services").then().statusCode(200);
                    given().auth().oauth2(signedIn).get("/api/v1/me").then().statusCode(200);
                }
                assertEquals(List.of(), idleInTransaction());
            } finally {
                release.countDown();
            }
            assertEquals(Collections.nCopies(POOL, 200), burst.results());
        } finally {
            circuits.resetAll();
        }
    }

    /** Sessions of this database that sit idle inside a transaction, as {@code pid: query}. */
    private static List<String> idleInTransaction() throws SQLException {
        List<String> idle = new ArrayList<>();
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(
                "select pid, query from pg_stat_activity where datname = current_database() and pid <> "
                        + "pg_backend_pid() and state like 'idle in transaction%'");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                idle.add(rows.getInt(1) + ": " + rows.getString(2));
            }
        }
        return idle;
    }

    private static int attemptsOf(String challenge) throws SQLException {
        return query("select attempts from otp_challenge where id = ?", UUID.fromString(challenge));
    }

    private static int query(String sql, Object parameter) throws SQLException {
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                assertTrue(rows.next(), sql);
                return rows.getInt(1);
            }
        }
    }

    /** A connection of the test's own, outside the application's pool. */
    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
