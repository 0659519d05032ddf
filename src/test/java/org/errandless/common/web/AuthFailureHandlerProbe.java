package org.errandless.common.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * Test-only filter right after Quarkus REST's authentication-failure filter (the same priority, registered after it):
 * for a request carrying {@link #HEADER}, remembers under the header's value which authentication-failure handler
 * the request still holds there ({@link #NONE} for none). Passive for every other request.
 */
@ApplicationScoped
public class AuthFailureHandlerProbe {

    public static final String HEADER = "X-Test-Auth-Failure-Handler-Probe";
    public static final String NONE = "none";

    /** Quarkus REST's filter: the HTTP layer's authentication filter's priority (200) minus one. */
    private static final int AFTER_QUARKUS_REST_FILTER = 199;

    private static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    void register(@Observes Filters filters) {
        filters.register(AuthFailureHandlerProbe::look, AFTER_QUARKUS_REST_FILTER);
    }

    private static void look(RoutingContext context) {
        String probe = context.request().getHeader(HEADER);
        if (probe != null) {
            Object handler = context.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
            SEEN.put(probe, handler == null ? NONE : handler.getClass().getName());
        }
        context.next();
    }

    /** What the request with this probe value held, or null if none passed. */
    public static String seen(String probe) {
        return SEEN.get(probe);
    }
}
