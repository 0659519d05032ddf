package org.errandless.common.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.errandless.common.persistence.EmbeddedDatabase;
import org.errandless.support.PackagedApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application in its default profile, prod, run as an operator would: with every setting the README's
 * Configure table marks as required in prod (and nothing else) it starts; with the demo-data flag it refuses to
 * start whatever the other flags say, and so it does when the public base URL of certificate verification is unset or
 * points at localhost, each time naming the setting. A development adapter runs only with the explicit opt-in, and
 * says so at start. Each case is one run of the jar against a database of its own on an embedded PostgreSQL.
 */
class ProdProfileIT {

    /** Generous: a start takes several seconds on a loaded 2-core machine; a refusal comes after the migrations. */
    private static final long TIMEOUT_SECONDS = 120;

    private static String adminUrl;
    private static String database;
    private static String jwtKey;
    private static String certificateKey;

    @TempDir
    Path workingDirectory;

    @BeforeAll
    static void databaseAndKeys() throws Exception {
        Assumptions.assumeTrue(PackagedApplication.packaged(),
                "the application is not packaged: " + PackagedApplication.JAR.toAbsolutePath());
        EmbeddedDatabase server = EmbeddedDatabase.start(null, 0);
        adminUrl = "jdbc:postgresql://localhost:" + server.port() + "/postgres";
        database = "errandless_prod_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("create database " + database);
        jwtKey = PackagedApplication.newPrivateKeyPem();
        certificateKey = PackagedApplication.newPrivateKeyPem();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (database != null) {
            execute("drop database if exists " + database + " with (force)");
        }
    }

    /** Exactly what the README's Configure table marks as required in prod, with real (stub) providers. */
    private static Map<String, String> requiredInProd() {
        Map<String, String> environment = new HashMap<>();
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", adminUrl.replace("/postgres", "/" + database));
        environment.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedDatabase.USER);
        environment.put("QUARKUS_DATASOURCE_PASSWORD", EmbeddedDatabase.USER);
        environment.put("ERRANDLESS_DATA_KEY", "uIAAA6DZzn+L7UN6JCumRuqJxXwQ6Jh1h4WmM5GbE00=");
        environment.put("ERRANDLESS_JWT_PRIVATE_KEY", jwtKey);
        environment.put("ERRANDLESS_CERTIFICATES_SIGNING_KEY", certificateKey);
        environment.put("ERRANDLESS_PUBLIC_BASE_URL", "https://errandless.example");
        environment.put("ERRANDLESS_PARTNERS_TOKEN_ENDPOINT_URL", "https://errandless.example/api/v1/auth/clients/token");
        environment.put("ERRANDLESS_BOOTSTRAP_ADMIN_USERNAME", "prod.admin");
        environment.put("ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD", "prod-admin-password-for-the-test");
        environment.put("ERRANDLESS_SMS_HTTP_URL", "https://sms.example/send");
        environment.put("ERRANDLESS_SMS_HTTP_API_KEY", "test-only");
        environment.put("ERRANDLESS_PUSH_HTTP_URL", "https://push.example/send");
        environment.put("ERRANDLESS_PUSH_HTTP_API_KEY", "test-only");
        environment.put("ERRANDLESS_CARRIER_URL", "https://carrier.example/v1/three-elements");
        environment.put("ERRANDLESS_CARRIER_API_KEY", "test-only");
        environment.put("ERRANDLESS_FACE_URL", "https://face.example/v1/compare");
        environment.put("ERRANDLESS_FACE_API_KEY", "test-only");
        return environment;
    }

    @Test
    void startsWithWhatTheReadmeRequiresAndWarnsAboutAnOptedInDevelopmentAdapter() throws Exception {
        Map<String, String> environment = requiredInProd();
        environment.put("ERRANDLESS_DEV_ADAPTERS_ALLOWED", "true");
        environment.put("ERRANDLESS_SMS_GATEWAY", "log");
        Run run = run(environment);
        assertTrue(run.started(), "prod did not start with the required settings:\n" + run.log());
        assertTrue(run.log().contains("errandless.sms.gateway=log is a development adapter"), run.log());
        assertTrue(run.log().contains("ERRANDLESS_DEV_ADAPTERS_ALLOWED"), run.log());
        assertFalse(run.log().contains("Demo data:"), run.log());
    }

    @Test
    void refusesDemoDataWhateverTheFlagsSay() throws Exception {
        Map<String, String> environment = requiredInProd();
        environment.put("ERRANDLESS_DEMO_DATA_ENABLED", "true");
        environment.put("ERRANDLESS_DEV_ADAPTERS_ALLOWED", "true");
        Run run = run(environment);
        run.assertRefused("ERRANDLESS_DEMO_DATA_ENABLED");
        assertFalse(run.log().contains("demo staff accounts"), "demo staff were created:\n" + run.log());
        assertFalse(run.log().contains("Demo data:"), "demo data was seeded:\n" + run.log());
    }

    @Test
    void refusesAnUnsetOrLocalPublicBaseUrl() throws Exception {
        for (Consumer<Map<String, String>> change : List.<Consumer<Map<String, String>>>of(
                environment -> environment.remove("ERRANDLESS_PUBLIC_BASE_URL"),
                environment -> environment.put("ERRANDLESS_PUBLIC_BASE_URL", "http://localhost:8080"),
                environment -> environment.put("ERRANDLESS_PUBLIC_BASE_URL", "http://127.0.0.1"))) {
            Map<String, String> environment = requiredInProd();
            change.accept(environment);
            run(environment).assertRefused("ERRANDLESS_PUBLIC_BASE_URL");
        }
    }

    /** One run of the jar: its output, whether it reported listening, its exit value (-1 when it was stopped). */
    record Run(String log, boolean started, int exitValue) {
        void assertRefused(String setting) {
            assertFalse(started, "prod started:\n" + log);
            assertNotEquals(0, exitValue, log);
            assertTrue(log.contains(setting), "the output does not name " + setting + ":\n" + log);
        }
    }

    /**
     * Runs the jar in its default profile with exactly this environment (plus PATH and HOME), until it listens (then
     * it is stopped) or ends by itself.
     */
    private Run run(Map<String, String> environment) throws IOException, InterruptedException {
        boolean started;
        PackagedApplication application = PackagedApplication.start(environment, workingDirectory);
        try {
            started = application.awaitListening(Duration.ofSeconds(TIMEOUT_SECONDS));
        } finally {
            application.close();
        }
        return new Run(application.log(), started, started ? -1 : application.exitValue());
    }

    private static void execute(String sql) throws SQLException {
        PackagedApplication.execute(adminUrl, sql);
    }
}
