package org.errandless.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.errandless.common.persistence.EmbeddedDatabase;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile whose application runs on a database of its own, for tests that must change the demo people (the
 * published examples are about them) without changing what every other test reads.
 *
 * <p>The embedded PostgreSQL server is one per JVM, and a profile restart would reuse its database; so this profile's
 * {@link FreshDatabase} creates a new, empty database on that server and configures {@code quarkus.datasource.jdbc.url}
 * to it. A configured URL wins over the embedded one (see {@code EmbeddedDatabaseConfigSourceFactory}), Flyway migrates
 * the new database at start and the demo seeder seeds it afresh. Tests using it should check
 * {@link FreshDatabase#isFresh(String)} on the URL they run with before they change anything.
 */
public class FreshDatabaseProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FreshDatabase.class));
    }

    /** Creates the database at the start of the profile's application and drops it at its end. */
    public static class FreshDatabase implements QuarkusTestResourceLifecycleManager {

        /** The names of the databases this makes start with this. */
        static final String PREFIX = "errandless_fresh_";

        private String adminUrl;
        private String name;

        /** Whether a JDBC URL names a database this resource made (and not the shared test database). */
        public static boolean isFresh(String jdbcUrl) {
            return jdbcUrl != null && jdbcUrl.matches("jdbc:postgresql://[^/]+/" + PREFIX + "[0-9a-f]{16}");
        }

        @Override
        public Map<String, String> start() {
            // the running server of this JVM, or (where this class loader has none yet) a throwaway one of its own
            EmbeddedDatabase server = EmbeddedDatabase.start(null, 0);
            adminUrl = "jdbc:postgresql://localhost:" + server.port() + "/postgres";
            name = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            execute("create database " + name);
            String url = "jdbc:postgresql://localhost:" + server.port() + "/" + name;
            // where the run is configured for an external server (CI's second pass sets a schema owner and an
            // application role through the environment), those roles do not exist here: Flyway uses this server's too
            return Map.of(
                    "quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.username", EmbeddedDatabase.USER,
                    "quarkus.datasource.password", EmbeddedDatabase.USER,
                    "quarkus.flyway.jdbc-url", url,
                    "quarkus.flyway.username", EmbeddedDatabase.USER,
                    "quarkus.flyway.password", EmbeddedDatabase.USER);
        }

        @Override
        public void stop() {
            if (name != null) {
                try {
                    execute("drop database if exists " + name + " with (force)");
                } catch (IllegalStateException e) {
                    // the throwaway server's directory goes at exit anyway
                }
            }
        }

        private void execute(String sql) {
            try (Connection connection = DriverManager.getConnection(adminUrl, EmbeddedDatabase.USER,
                    EmbeddedDatabase.USER); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not run '" + sql + "' on the embedded server", e);
            }
        }
    }
}
