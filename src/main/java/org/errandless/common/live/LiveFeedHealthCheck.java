package org.errandless.common.live;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the live feed: DOWN while its listener has been disconnected for longer than
 * {@code errandless.live-feed.unready-after} (10 s by default), so a load balancer sends no new long-polls and streams
 * to an instance that would not hear other instances' changes. A short gap (a reconnect) stays UP.
 */
@Readiness
@ApplicationScoped
public class LiveFeedHealthCheck implements HealthCheck {

    /** The name of the check in {@code /q/health}. */
    public static final String NAME = "Live feed listener";

    @Inject
    LiveFeed feed;
    @Inject
    LiveFeedConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (!feed.enabled()) {
            return response.up().withData("enabled", false).build();
        }
        Optional<Duration> down = feed.disconnectedFor();
        if (down.isEmpty()) {
            return response.up().build();
        }
        return response.status(down.get().compareTo(config.unreadyAfter()) <= 0)
                .withData("disconnectedForMillis", down.get().toMillis())
                .withData("unreadyAfterMillis", config.unreadyAfter().toMillis()).build();
    }
}
