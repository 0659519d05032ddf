package org.errandless.identity.verification;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.errandless.common.web.HeadCheck;
import org.errandless.common.web.HttpRoutes;

import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a face photo whose declared length is more than a photo may have (plus the multipart framing and the two
 * short fields) before a byte of it is read: 413 {@code payload-too-large}, as {@link FacePhotos} answers for a
 * chunked body once it is on disk. Without it, only the HTTP layer's hard ceiling (64M, a bare 413) stood before the
 * multipart upload, because the face path is one of {@code errandless.http.large-body-paths}.
 */
@Singleton
public class FaceBodyLimit implements HeadCheck {

    /** Room for the multipart framing, the file name and the name and ID number fields around the photo. */
    static final long FRAMING = 64 * 1024;

    @Inject
    FaceConfig config;
    @Inject
    HttpRoutes routes;

    @Override
    public String path() {
        return "/api/v1/me/identity/face";
    }

    @Override
    public boolean admit(RoutingContext context) {
        long max = config.maxPhotoSize().asLongValue();
        return !routes.refuseDeclaredLength(context, max + FRAMING, "payload-too-large",
                () -> "The photo is larger than " + max + " bytes");
    }
}
