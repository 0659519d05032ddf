package org.errandless.registry.imports;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.errandless.common.problem.ProblemResponses;
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
 * ({@code quarkus.http.limits.max-body-size}, kept low for every other path) must not apply: its check of the
 * declared length runs after this handler, so this handler takes the length off the request (the HTTP codec has
 * already framed the body by it), and a second one, after the HTTP layer's, lifts the limit that the blocking body
 * stream would enforce. The import counts the bytes itself as it streams them ({@link RegisterImportService}), so a
 * chunked body is held to the same limit. The JSON front door leaves this path alone (it is one of
 * {@code errandless.http.large-body-paths}).
 */
@ApplicationScoped
public class RegisterImportBodyLimit {

    /** Where Quarkus keeps the limit its blocking body stream enforces (VertxInputStream). */
    static final String STREAM_LIMIT = "io.quarkus.max-request-size";

    @Inject
    RegisterImportConfig config;
    @Inject
    HttpRoutes routes;

    void install(@Observes Router router) {
        // after the front door (request id and JSON screen, MIN_VALUE), before the HTTP layer's limit (-2)
        router.route(HttpMethod.POST, RegisterImportResource.PATH).order(Integer.MIN_VALUE + 2).handler(this::check);
        router.route(HttpMethod.POST, RegisterImportResource.PATH).order(-1).handler(this::lift);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long limit = config.maxSize().asLongValue();
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    context.response().putHeader(HttpHeaders.CONNECTION, "close");
                    List<Locale> languages = context.acceptableLanguages().stream()
                            .map(language -> Locale.forLanguageTag(language.tag())).toList();
                    routes.write(context, ProblemResponses.body(413, "payload-too-large", "The extract is larger "
                            + "than " + limit + " bytes (errandless.register-import.max-size)",
                            context.normalizedPath(), languages, List.of(), null), Map.of());
                    return;
                }
            } catch (NumberFormatException e) {
                // a malformed Content-Length is rejected by the HTTP codec itself
            }
            context.request().headers().remove(HttpHeaders.CONTENT_LENGTH);
        }
        context.next();
    }

    private void lift(RoutingContext context) {
        context.put(STREAM_LIMIT, -1L);
        context.next();
    }
}
