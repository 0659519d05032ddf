package org.errandless.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Plain JDBC connections beside the application's pool: as the schema owner (the Flyway user, who alone may change
 * audit rows, which the tamper tests need, and who may create test triggers) and as the application's own database user.
 */
public final class Databases {

    private Databases() {
    }

    /** The schema owner: {@code quarkus.flyway.*} credentials where configured, else the datasource's own. */
    public static Connection owner() throws SQLException {
        Config config = ConfigProvider.getConfig();
        Optional<String> flywayUrl = config.getOptionalValue("quarkus.flyway.jdbc-url", String.class);
        String url = flywayUrl.orElseGet(() -> config.getValue("quarkus.datasource.jdbc.url", String.class));
        String user = config.getOptionalValue("quarkus.flyway.username", String.class)
                .orElseGet(() -> config.getValue("quarkus.datasource.username", String.class));
        String password = config.getOptionalValue("quarkus.flyway.password", String.class)
                .or(() -> config.getOptionalValue("quarkus.datasource.password", String.class)).orElse(null);
        return DriverManager.getConnection(url, user, password);
    }

    /** The application's database user, as the datasource is configured. */
    public static Connection application() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
    }

    /** Whether migrations run as a different user than the application (CI's external-database run). */
    public static boolean ownerDiffersFromApplicationUser() {
        Config config = ConfigProvider.getConfig();
        Optional<String> flywayUser = config.getOptionalValue("quarkus.flyway.username", String.class);
        Optional<String> applicationUser = config.getOptionalValue("quarkus.datasource.username", String.class);
        return flywayUser.isPresent() && applicationUser.isPresent() && !flywayUser.get().equals(applicationUser.get());
    }
}
