package org.errandless.common.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * Spares every request a lookup of its URI template that only failed authentications need.
 * <p>
 * Authentication is lazy ({@code quarkus.http.auth.proactive=false}): it happens inside Quarkus REST, whose exception
 * mappers (our problem+json) answer its failures. The HTTP layer's authentication filter still hands every request a
 * default failure handler, and Quarkus REST's filter right after it (priority {@value #AUTHENTICATION} - 1) swaps
 * that one for a handler of its own, which its request handler then removes again. With an observability extension
 * present (Micrometer here) that filter first works out the request's URI template for the metrics, in case the
 * failure came before Quarkus REST matched the request: Quarkus REST 3.33 does so by building a new path table over
 * every resource class, on every request, which cost about a sixth of a cached read
 * ({@code src/bench/README.md}, {@code me-throughput.sh}).
 * <p>
 * This filter runs between the two (same priority as the authentication filter, registered after it) and drops the
 * default handler, which is what the request ends up with anyway once Quarkus REST takes it: authentication failures
 * reach the same exception mappers, and the metrics keep their URI templates (Quarkus REST sets the matched
 * method's template itself; {@code HttpPathTemplatesTest}). No route outside Quarkus REST authenticates. Should a
 * Quarkus update order the filters differently, this one would run too early and change nothing: the cost would
 * return, not a behaviour ({@code HttpPathTemplatesTest} notices it).
 */
@ApplicationScoped
public class LazyAuthFailureFilter {

    /** Priority of the HTTP layer's authentication filter ({@code FilterBuildItem.AUTHENTICATION}). */
    static final int AUTHENTICATION = 200;

    void register(@Observes Filters filters) {
        filters.register(LazyAuthFailureFilter::dropDefaultHandler, AUTHENTICATION);
    }

    private static void dropDefaultHandler(RoutingContext context) {
        if (context.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof DefaultAuthFailureHandler) {
            context.remove(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
        }
        context.next();
    }
}
