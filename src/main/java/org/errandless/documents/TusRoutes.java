package org.errandless.documents;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.errandless.common.problem.ProblemResponses;
import org.errandless.common.web.HttpRoutes;
import org.errandless.common.web.idempotency.Idempotent;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP plumbing of the tus endpoints below JAX-RS: {@code Tus-Resumable: 1.0.0} on every response under
 * {@code /api/v1/uploads} (also the 401s, 404s and 413s no resource method writes), and the refusal of a POST or
 * PATCH whose declared length is more than a document may have, before a byte of it is read (413
 * {@code document-too-large}). Larger bodies than the JSON API's limit pass here ({@code /api/v1/uploads} is one of
 * {@code errandless.http.large-body-paths}); a chunked body is cut off at the upload's length by the service.
 */
@ApplicationScoped
public class TusRoutes {

    @Inject
    DocumentsConfig config;
    @Inject
    HttpRoutes routes;

    void install(@Observes Router router) {
        // after the front door (request id and the general JSON body limit, MIN_VALUE), before any body handler
        router.route(UploadResource.PATH + "*").order(Integer.MIN_VALUE + 2).handler(this::tusResumable);
        router.route(HttpMethod.PATCH, UploadResource.PATH + "/*").order(Integer.MIN_VALUE + 3).handler(this::patch);
        router.route(HttpMethod.POST, UploadResource.PATH).order(Integer.MIN_VALUE + 3).handler(this::limit);
    }

    private void tusResumable(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> context.response().headers()
                .set(TusProtocol.TUS_RESUMABLE, TusProtocol.VERSION));
        context.next();
    }

    /**
     * A PATCH is idempotent by its {@code Upload-Offset} (a repeated one gets 409 and asks HEAD), and its body goes
     * straight from the network into the store: an {@code Idempotency-Key} (which only POSTs take) is dropped here, so
     * that nothing reads the body to hash it before the upload does.
     */
    private void patch(RoutingContext context) {
        context.request().headers().remove(Idempotent.HEADER);
        limit(context);
    }

    private void limit(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                long max = config.maxSize().asLongValue();
                if (Long.parseLong(length.trim()) > max) {
                    context.response().putHeader(HttpHeaders.CONNECTION, "close");
                    List<Locale> languages = context.acceptableLanguages().stream()
                            .map(language -> Locale.forLanguageTag(language.tag())).toList();
                    routes.write(context, ProblemResponses.body(413, "document-too-large",
                            DocumentService.tooLarge(max).getMessage(), context.normalizedPath(), languages,
                            List.of(), null), Map.of());
                    return;
                }
            } catch (NumberFormatException e) {
                // a malformed Content-Length is rejected by the HTTP codec itself
            }
        }
        context.next();
    }
}
