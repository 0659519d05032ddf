package org.errandless.identity.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Development adapter {@code demo} of the face check: it compares no face. Every well-formed JPEG or PNG of at least
 * the configured size passes as a live match, anything else fails. Refused in prod unless development adapters are
 * allowed (see {@link VerificationProviders}): with it, anyone who knows a name and ID number and holds a phone the
 * (demo) carrier accepts could reach L3.
 */
@ApplicationScoped
public class DemoFaceVerifier implements FaceVerifier {

    @Inject
    FaceConfig config;

    @Override
    public FaceVerdict verify(FacePhoto photo, String name, String idNumber) {
        boolean usable = photo.content().length > 0 && photo.width() >= config.minDimension()
                && photo.height() >= config.minDimension();
        return new FaceVerdict(usable, usable);
    }
}
