package org.errandless.identity.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The identity of a bearer token that {@link VerifyingPrincipalFactory} verified before and that has not expired,
 * answered at once: the same identity smallrye-jwt's own provider ({@code MpJwtValidator}) builds from the same
 * principal, without its deferred step (a Mutiny emitter, which Context Propagation wraps and unwraps on every
 * request). Every other token (new, forgotten, expired, forged) is left to that provider, which verifies it (RS256,
 * our keys, issuer, audience, expiry) as before; the identity either way then goes through the augmentors
 * ({@link TokenRevocationAugmentor}: revoked sign-ins and disabled accounts, on every request).
 */
@ApplicationScoped
public class RememberedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    @Inject
    VerifyingPrincipalFactory factory;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Asked before smallrye-jwt's provider (the default priority, 1001), which answers what this one leaves. */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof JsonWebTokenCredential credential)) {
            return Uni.createFrom().nullItem();
        }
        JWTCallerPrincipal principal = factory.remembered(credential.getToken());
        if (principal == null) {
            return Uni.createFrom().nullItem();
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(principal)
                .addCredential(credential).addRoles(principal.getGroups())
                .addAttribute(SecurityIdentity.USER_ATTRIBUTE, principal);
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            identity.addAttribute(RoutingContext.class.getName(), routingContext);
        }
        return Uni.createFrom().item(identity.build());
    }
}
