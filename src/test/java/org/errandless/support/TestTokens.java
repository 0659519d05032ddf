package org.errandless.support;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.errandless.common.security.Roles;
import org.errandless.identity.token.TokenPair;
import org.errandless.identity.token.TokenService;
import org.errandless.identity.token.TokenSubject;

import io.quarkus.arc.Arc;

/**
 * Mints real tokens (through the application's own token service) for tests of endpoints whose sign-in flow is not
 * under test. Use only inside {@code @QuarkusTest}.
 */
public final class TestTokens {

    private TestTokens() {
    }

    /** A token pair for a staff member with the given role and station. */
    public static TokenPair staff(String role, String stationCode) {
        return issue(new TokenSubject("STAFF", UUID.randomUUID(), Set.of(role), Optional.empty(),
                Optional.ofNullable(stationCode), Optional.empty()));
    }

    /** An access token of an admin. */
    public static String admin() {
        return staff(Roles.ADMIN, null).accessToken();
    }

    /** A token pair for any subject. */
    public static TokenPair issue(TokenSubject subject) {
        TestSubjects.remember(subject);
        return Arc.container().instance(TokenService.class).get().issue(subject);
    }
}
