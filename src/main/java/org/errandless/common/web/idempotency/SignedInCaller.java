package org.errandless.common.web.idempotency;

import java.security.Principal;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The default {@link IdempotencyCaller}: the subject of the request's bearer token. An anonymous request (also one
 * with a bad token on a public endpoint, which the endpoint ignores) proves no one.
 */
@ApplicationScoped
public class SignedInCaller implements IdempotencyCaller {

    /** The scope prefix of signed-in callers: subject ids are not secret and stay readable for operators. */
    static final String KIND = "subject";

    @Inject
    SecurityIdentity identity;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Optional<String> credential(IdempotentRequest request) {
        try {
            if (identity.isAnonymous()) {
                return Optional.empty();
            }
            Principal principal = identity.getPrincipal();
            String subject = principal instanceof JsonWebToken jwt && jwt.getSubject() != null ? jwt.getSubject()
                    : principal.getName();
            return Optional.ofNullable(subject).filter(name -> !name.isBlank());
        } catch (RuntimeException e) {
            // a protected endpoint authenticated before the filter ran, so this is a public endpoint called with a
            // bad token, which it ignores; so do we
            if (e instanceof AuthenticationException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean authenticatesInRequest() {
        return false;
    }
}
