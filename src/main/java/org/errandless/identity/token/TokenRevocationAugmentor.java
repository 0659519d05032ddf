package org.errandless.identity.token;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Rejects access tokens whose sign-in was revoked: logout, reuse of a spent refresh token, an identity moved to
 * another account, a disabled account. Revoking the family is what all of these do, so one lookup covers them.
 * Partner client tokens carry no family: they are refused as soon as their client is disabled.
 */
@ApplicationScoped
public class TokenRevocationAugmentor implements SecurityIdentityAugmentor {

    @Inject
    TokenService tokens;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        if (TokenService.PARTNER.equals(jwt.getClaim(Claims.ACCOUNT_TYPE))) {
            // partner tokens have no family: the client's own state decides, so disabling it stops them at once
            return context.runBlocking(() -> {
                UUID clientId;
                try {
                    clientId = UUID.fromString(jwt.getSubject());
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new AuthenticationFailedException("malformed subject");
                }
                if (!tokens.accountActive(TokenService.PARTNER, clientId)) {
                    throw new AuthenticationFailedException("client disabled");
                }
                return identity;
            });
        }
        String family = jwt.getClaim(Claims.FAMILY);
        if (family == null) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            UUID familyId;
            try {
                familyId = UUID.fromString(family);
            } catch (IllegalArgumentException e) {
                throw new AuthenticationFailedException("malformed family claim");
            }
            if (!tokens.familyActive(familyId)) {
                throw new AuthenticationFailedException("revoked");
            }
            return identity;
        });
    }
}
