package org.errandless.common.persistence;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Supplies the datasource URL of an embedded PostgreSQL server when none is configured.
 *
 * <p>A configured {@code quarkus.datasource.jdbc.url} (for example {@code QUARKUS_DATASOURCE_JDBC_URL}) always wins and
 * nothing embedded starts. The prod profile never starts an embedded server: there the application refuses to start
 * and says which variables to set. Other profiles (dev, demo, test) start one: {@code test} in a throwaway directory,
 * the others in {@code errandless.embedded-database.data-directory} so data survives restarts.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseConfigSourceFactory.class);
    static final String URL = "quarkus.datasource.jdbc.url";
    static final String ENABLED = "errandless.embedded-database.enabled";
    static final String DATA_DIRECTORY = "errandless.embedded-database.data-directory";
    static final String PORT = "errandless.embedded-database.port";
    static final String MISSING_DATABASE = "No database configured: set QUARKUS_DATASOURCE_JDBC_URL, "
            + "QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD. The prod profile never starts an "
            + "embedded PostgreSQL; for a local try-out run with -Dquarkus.profile=demo instead.";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isSet(context.getValue(URL))) {
            return List.of();
        }
        if (context.getProfiles().contains("prod")) {
            // prod never starts an embedded server, even if the flag is switched on there by mistake; without a URL
            // it refuses to start, before any extension fails with a less helpful message
            if (!isBuilding()) {
                throw new IllegalStateException(MISSING_DATABASE);
            }
            return List.of();
        }
        if (!Boolean.parseBoolean(valueOr(context.getValue(ENABLED), "false"))) {
            return List.of();
        }
        boolean throwaway = context.getProfiles().contains("test");
        String directory = valueOr(context.getValue(DATA_DIRECTORY), ".errandless/pgdata");
        int port = Integer.parseInt(valueOr(context.getValue(PORT), "0"));
        EmbeddedDatabase database = EmbeddedDatabase.start(throwaway ? null : Path.of(directory), port);
        LOG.infof("No database URL configured: using embedded PostgreSQL on port %d (data in %s)", database.port(),
                database.dataDirectory());
        return List.of(new PropertiesConfigSource(Map.of(
                URL, database.jdbcUrl(),
                "quarkus.datasource.username", EmbeddedDatabase.USER,
                "quarkus.datasource.password", EmbeddedDatabase.USER), "embedded-postgres", 50));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    /**
     * Whether this runs inside the Quarkus build (augmentation), which assembles prod configuration without a
     * database; the packaged application never has the build's classes on its class path.
     */
    private static boolean isBuilding() {
        try {
            Class.forName("io.quarkus.deployment.QuarkusAugmentor", false,
                    Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static String valueOr(ConfigValue value, String fallback) {
        return isSet(value) ? value.getValue() : fallback;
    }
}
