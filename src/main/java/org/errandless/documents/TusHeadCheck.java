package org.errandless.documents;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.errandless.common.web.HeadCheck;
import org.errandless.common.web.HttpRoutes;
import org.errandless.common.web.idempotency.Idempotent;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The head check of the tus endpoints, run by the front door before authentication and JAX-RS:
 * {@code Tus-Resumable: 1.0.0} on every response under {@code /api/v1/uploads} (also the 400s, 401s, 404s and 413s no
 * resource method writes), and the refusal of a request (a POST or PATCH where it matters) whose declared length is
 * more than a document may have, before a byte of it is read (413 {@code document-too-large}). Larger bodies than
 * the JSON API's limit pass here ({@code /api/v1/uploads} is one of {@code errandless.http.large-body-paths}); a
 * chunked body is cut off at the upload's length by the service.
 */
@Singleton
public class TusHeadCheck implements HeadCheck {

    @Inject
    DocumentsConfig config;
    @Inject
    HttpRoutes routes;

    @Override
    public String path() {
        return UploadResource.PATH;
    }

    @Override
    public boolean admit(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> context.response().headers()
                .set(TusProtocol.TUS_RESUMABLE, TusProtocol.VERSION));
        if (context.request().method() == HttpMethod.PATCH) {
            // a PATCH is idempotent by its Upload-Offset (a repeated one gets 409 and asks HEAD), and its body goes
            // straight from the network into the store: an Idempotency-Key (which only POSTs take) is dropped here,
            // so that nothing reads the body to hash it before the upload does
            context.request().headers().remove(Idempotent.HEADER);
        }
        // whatever the method and wherever under the path, not only where a resource takes a body: no crafted
        // request gets past it to a later, bare 413 of the HTTP layer or into a resource
        long max = config.maxSize().asLongValue();
        return !routes.refuseDeclaredLength(context, max, "document-too-large",
                () -> DocumentService.tooLarge(max).getMessage());
    }
}
