package org.errandless.identity.verification;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.identity.citizen.ProfileView;
import org.errandless.identity.token.TokenPair;

/**
 * The answer of a passed verification: the profile at its new level and a fresh token pair carrying that level
 * (claim {@code acr}), so the client need not sign in again.
 */
@Schema(name = "IdentityVerification", description = "The profile after verification and a fresh token pair whose "
        + "access token carries the new assurance level (claim `acr`)")
public record IdentityVerificationView(ProfileView profile, TokenPair tokens) {
}
