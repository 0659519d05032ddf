package org.errandless.registry.imports;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.errandless.common.web.HeadCheck;
import org.errandless.common.web.HttpRoutes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The body limit of register imports, which are far larger than anything else the API takes (millions of lines).
 *
 * <p>An extract declared larger than {@code errandless.register-import.max-size} is refused before a byte is read
 * (413 {@code payload-too-large}, problem+json). Below that, the HTTP layer's hard ceiling
 * ({@code quarkus.http.limits.max-body-size}, kept low for every other path) must not apply. That ceiling is a route
 * of Quarkus' own at order -2: it refuses a declared length above it (a bare 413), and for a body without a declared
 * length it sets the limit the blocking body stream enforces ({@code VertxInputStream}, read when the resource opens
 * the body). So this class's head check, which the front door runs before that route for every POST under the path,
 * takes the length off the request (the HTTP codec has already framed the body by it), and a route of its own after
 * Quarkus' (order -1, the only route of ours besides the front door) lifts the limit that route has just set. That
 * one must stay a route: nothing of ours runs between Quarkus' limit and the resource otherwise; it matches the exact
 * path (with or without a trailing slash), a comparison of lengths for every other request. The import counts the
 * bytes itself as it streams them ({@link RegisterImportService}), so a chunked body is held to the same limit. The
 * JSON screen leaves this path alone (it is one of {@code errandless.http.large-body-paths}).
 */
@Singleton
public class RegisterImportBodyLimit implements HeadCheck {

    /** Where Quarkus keeps the limit its blocking body stream enforces (VertxInputStream). */
    static final String STREAM_LIMIT = "io.quarkus.max-request-size";

    @Inject
    RegisterImportConfig config;
    @Inject
    HttpRoutes routes;

    void install(@Observes Router router) {
        // after the HTTP layer's limit (-2), before Quarkus REST
        router.route(HttpMethod.POST, RegisterImportResource.PATH).order(-1).handler(this::lift);
    }

    @Override
    public String path() {
        return RegisterImportResource.PATH;
    }

    @Override
    public boolean admit(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST) {
            return true;
        }
        long limit = config.maxSize().asLongValue();
        if (routes.refuseDeclaredLength(context, limit, "payload-too-large",
                () -> "The extract is larger than " + limit + " bytes (errandless.register-import.max-size)")) {
            return false;
        }
        context.request().headers().remove(HttpHeaders.CONTENT_LENGTH);
        return true;
    }

    private void lift(RoutingContext context) {
        context.put(STREAM_LIMIT, -1L);
        context.next();
    }
}
