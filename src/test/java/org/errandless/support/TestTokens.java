package org.errandless.support;

import java.util.List;
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

    /**
     * A token pair for a staff member with the given role and station, signed in with a second factor (its tokens
     * carry {@code amr} pwd, otp, mfa), so admin endpoints and officer decisions accept it.
     */
    public static TokenPair staff(String role, String stationCode) {
        TokenSubject subject = new TokenSubject("STAFF", UUID.randomUUID(), Set.of(role), Optional.empty(),
                Optional.ofNullable(stationCode), Optional.empty());
        TestSubjects.remember(subject);
        return Arc.container().instance(TokenService.class).get().issue(subject, List.of("pwd", "otp", "mfa"));
    }

    /** A token pair for a staff member signed in with the password only (no second factor, no waiver). */
    public static TokenPair staffWithoutSecondFactor(String role, String stationCode) {
        TokenSubject subject = new TokenSubject("STAFF", UUID.randomUUID(), Set.of(role), Optional.empty(),
                Optional.ofNullable(stationCode), Optional.empty());
        TestSubjects.remember(subject);
        return Arc.container().instance(TokenService.class).get().issue(subject, List.of("pwd"));
    }

    /** An access token of an admin. */
    public static String admin() {
        return staff(Roles.ADMIN, null).accessToken();
    }

    /** A token pair for a staff subject of any scope, signed in with a second factor (see {@link #staff}). */
    public static TokenPair staffWithSecondFactor(TokenSubject subject) {
        TestSubjects.remember(subject);
        return Arc.container().instance(TokenService.class).get().issue(subject, List.of("pwd", "otp", "mfa"));
    }

    /** A token pair for any subject. */
    public static TokenPair issue(TokenSubject subject) {
        TestSubjects.remember(subject);
        return Arc.container().instance(TokenService.class).get().issue(subject);
    }
}
