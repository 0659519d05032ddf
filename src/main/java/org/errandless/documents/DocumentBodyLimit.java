package org.errandless.documents;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.errandless.common.web.HeadCheck;
import org.errandless.common.web.HttpRoutes;

import io.vertx.ext.web.RoutingContext;

/**
 * Refuses an upload whose declared length is more than a document may have (plus the multipart framing) before a
 * byte of its body is read: 413 {@code document-too-large}. Bodies without a length (chunked) are written to disk
 * as they come, up to the HTTP layer's hard ceiling, and checked by size afterwards. A head check the front door runs
 * for every request under {@code /api/v1/documents} (one of {@code errandless.http.large-body-paths}).
 */
@Singleton
public class DocumentBodyLimit implements HeadCheck {

    static final String PATH = "/api/v1/documents";

    @Inject
    DocumentsConfig config;
    @Inject
    HttpRoutes routes;

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public boolean admit(RoutingContext context) {
        // whatever the method and wherever under the path (the upload is a POST to the path itself)
        long max = config.maxSize().asLongValue();
        return !routes.refuseDeclaredLength(context, max + config.requestOverhead().asLongValue(),
                "document-too-large", () -> DocumentService.tooLarge(max).getMessage());
    }
}
