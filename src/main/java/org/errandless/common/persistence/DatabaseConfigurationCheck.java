package org.errandless.common.persistence;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start without a database. In prod no embedded server is ever started, so a missing URL is a
 * deployment mistake that must be loud, not a half-working server.
 */
@Singleton
public class DatabaseConfigurationCheck {

    void onStart(@Observes @Priority(1) StartupEvent event,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url) {
        if (url.isEmpty() || url.get().isBlank()) {
            throw new IllegalStateException("No database configured: set QUARKUS_DATASOURCE_JDBC_URL, "
                    + "QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD. The prod profile never starts an "
                    + "embedded PostgreSQL; for a local try-out run with -Dquarkus.profile=demo instead.");
        }
    }
}
