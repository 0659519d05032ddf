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
 * Refuses access tokens whose sign-in was revoked (logout, reuse of a spent refresh token, an identity moved to
 * another account, a password reset) or whose account is disabled, and tokens that do not say which account and
 * sign-in they belong to: every token we mint carries {@code acct}, {@code sub} and {@code fam} (a partner client's
 * family is the client itself), so one without them is not ours to honour.
 *
 * <p>The answer comes from memory ({@link TokenRevocations}), kept current on every instance by the live feed: no
 * database round trip per request. Only while that view is not current (the listener reconnecting) does the check
 * ask the database, as a blocking step.
 */
@ApplicationScoped
public class TokenRevocationAugmentor implements SecurityIdentityAugmentor {

    @Inject
    TokenService tokens;
    @Inject
    TokenRevocations revocations;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String accountType;
        UUID accountId;
        UUID family;
        if (jwt instanceof VerifiedPrincipal verified) {
            // worked out once, when the token was verified
            accountType = verified.accountType();
            accountId = verified.accountId();
            family = verified.family();
        } else {
            accountType = VerifiedPrincipal.text(jwt.getClaim(Claims.ACCOUNT_TYPE));
            accountId = VerifiedPrincipal.uuid(jwt.getSubject());
            family = VerifiedPrincipal.uuid(VerifiedPrincipal.text(jwt.getClaim(Claims.FAMILY)));
        }
        if (accountType == null || !revocations.knownAccountType(accountType) || accountId == null
                || family == null) {
            return refused("token without account type, subject or family");
        }
        if (TokenService.PARTNER.equals(accountType) && !family.equals(accountId)) {
            return refused("a partner client's family is the client");
        }
        if (revocations.current()) {
            return revocations.refuses(accountType, accountId, family) ? refused("revoked")
                    : Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            if (!tokens.signInActive(accountType, accountId, family)) {
                throw new AuthenticationFailedException("revoked");
            }
            return identity;
        });
    }

    private static Uni<SecurityIdentity> refused(String why) {
        return Uni.createFrom().failure(new AuthenticationFailedException(why));
    }
}
