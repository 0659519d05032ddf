package org.errandless.support;

import java.util.Random;

import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;
import org.errandless.identity.token.TokenPair;
import org.errandless.identity.token.TokenService;

import io.quarkus.arc.Arc;

/**
 * Creates citizen accounts with fresh phone numbers for tests that need a signed-in citizen but do not test the
 * sign-in itself. Numbers come from a seeded generator in a range no demo person uses (170xxxxxxxx).
 */
public final class TestCitizens {

    private static final long START = new Random(20261128).nextInt(1_000_000) * 100L;

    private TestCitizens() {
    }

    /** A new, unused mainland mobile number. */
    public static String newPhone() {
        return "170" + String.format("%08d", RunCounters.next("phone", START) % 100_000_000L);
    }

    /** A new L1 account, signed in. */
    public static SignedIn signIn() {
        return signIn(newPhone());
    }

    /** The account of this phone (created at L1 if new), signed in. */
    public static SignedIn signIn(String phone) {
        CitizenAccounts accounts = Arc.container().instance(CitizenAccounts.class).get();
        CitizenAccount account = accounts.findOrCreate(phone);
        TokenPair tokens = Arc.container().instance(TokenService.class).get().issue(accounts.subjectOf(account));
        return new SignedIn(account.id, phone, tokens);
    }

    /**
     * A new account bound to this person of the register (L2, as real-name verification leaves it), signed in. For
     * tests that need a verified citizen but do not test the verification.
     */
    public static SignedIn boundTo(java.util.UUID personId) {
        String phone = newPhone();
        CitizenAccounts accounts = Arc.container().instance(CitizenAccounts.class).get();
        CitizenAccount account = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            CitizenAccount created = accounts.findOrCreate(phone);
            CitizenAccount locked = accounts.lockForUpdate(created.id);
            locked.bindTo(personId, java.time.Instant.now());
            return locked;
        });
        TokenPair tokens = Arc.container().instance(TokenService.class).get().issue(accounts.subjectOf(account));
        return new SignedIn(account.id, phone, tokens);
    }

    /**
     * A new account bound to this person and face-verified (L3), signed in: for services that need L3 (MOVE_IN,
     * ID_CARD_RENEWAL) in tests that do not test the face check.
     */
    public static SignedIn boundAtL3(java.util.UUID personId) {
        String phone = newPhone();
        CitizenAccounts accounts = Arc.container().instance(CitizenAccounts.class).get();
        CitizenAccount account = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            CitizenAccount created = accounts.findOrCreate(phone);
            CitizenAccount locked = accounts.lockForUpdate(created.id);
            locked.bindTo(personId, java.time.Instant.now());
            locked.faceVerified(java.time.Instant.now());
            return locked;
        });
        TokenPair tokens = Arc.container().instance(TokenService.class).get().issue(accounts.subjectOf(account));
        return new SignedIn(account.id, phone, tokens);
    }

    /** A signed-in citizen. */
    public record SignedIn(java.util.UUID accountId, String phone, TokenPair tokens) {
        public String accessToken() {
            return tokens.accessToken();
        }
    }
}
