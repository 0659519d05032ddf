package org.errandless.documents;

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
 * Refuses an upload whose declared length is more than a document may have (plus the multipart framing) before a
 * byte of its body is read: 413 {@code document-too-large}. Bodies without a length (chunked) are written to disk
 * as they come, up to the HTTP layer's hard ceiling, and checked by size afterwards.
 */
@ApplicationScoped
public class DocumentBodyLimit {

    static final String PATH = "/api/v1/documents";

    @Inject
    DocumentsConfig config;
    @Inject
    HttpRoutes routes;

    void install(@Observes Router router) {
        // after the front door (request id and JSON body limit, MIN_VALUE), before any body handler
        router.route(HttpMethod.POST, PATH).order(Integer.MIN_VALUE + 2).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                long limit = config.maxSize().asLongValue() + config.requestOverhead().asLongValue();
                if (Long.parseLong(length.trim()) > limit) {
                    context.response().putHeader(HttpHeaders.CONNECTION, "close");
                    List<Locale> languages = context.acceptableLanguages().stream()
                            .map(language -> Locale.forLanguageTag(language.tag())).toList();
                    var tooLarge = DocumentService.tooLarge(config.maxSize().asLongValue());
                    routes.write(context, ProblemResponses.body(413, "document-too-large", tooLarge.getMessage(),
                            context.normalizedPath(), languages, List.of(), null), Map.of());
                    return;
                }
            } catch (NumberFormatException e) {
                // a malformed Content-Length is rejected by the HTTP codec itself
            }
        }
        context.next();
    }
}
