package org.errandless.common.security;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, with 403 {@code mfa-required}, a staff token without the second factor on every operation
 * {@link SecondFactorPolicy} names. It reads only the token's claims (no database), and runs after the role checks and
 * before everything else that acts on a request (idempotency keys included), so a refused request leaves no trace but
 * its answer. Requests without a token, and tokens of citizens and partners, pass on to the role checks, which
 * answer them.
 */
public class SecondFactorFilter {

    /** Whether each endpoint needs the second factor, decided once (the key costs no string building). */
    private final Map<Endpoint, Boolean> requirements = new ConcurrentHashMap<>();

    private record Endpoint(String httpMethod, Class<?> resourceClass, Method method) {
    }

    @Inject
    BusinessClock clock;

    /**
     * The check, as a Quarkus REST filter method: the resource method's {@link ResourceInfo} comes as a parameter (no
     * request-scoped proxy to resolve on every request).
     */
    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public void filter(ContainerRequestContext request, ResourceInfo resourceInfo) {
        Method method = resourceInfo.getResourceMethod();
        Class<?> resourceClass = resourceInfo.getResourceClass();
        if (method == null || resourceClass == null) {
            return;
        }
        String httpMethod = request.getMethod();
        Endpoint endpoint = new Endpoint(httpMethod, resourceClass, method);
        Boolean known = requirements.get(endpoint);
        boolean required = known != null ? known : requirements.computeIfAbsent(endpoint,
                key -> SecondFactorPolicy.requires(httpMethod, SecondFactorPolicy.template(resourceClass, method)));
        if (!required) {
            return;
        }
        Principal principal = request.getSecurityContext() == null ? null
                : request.getSecurityContext().getUserPrincipal();
        if (!(principal instanceof JsonWebToken jwt) || !SecondFactor.isStaff(jwt)) {
            return;
        }
        if (!SecondFactor.satisfied(jwt, clock.now())) {
            throw new ProblemException(403, SecondFactor.REQUIRED_CODE, "This needs a sign-in with a second factor: "
                    + "enrol an authenticator app (POST /api/v1/auth/staff/mfa/enrolment) if you have not, then sign "
                    + "in again and give its code");
        }
    }
}
