package org.errandless.identity.staff;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.token.TokenPair;
import org.errandless.identity.token.TokenService;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Staff sign-in with username and password.
 *
 * <p>Nothing in the answers tells whether a username exists: a wrong password, an unknown username and a disabled
 * account all answer 401 {@code login-failed} with the same body after the same bcrypt work (an unknown username is
 * checked against a dummy hash), and failures are counted per normalised username whether or not an account has
 * it, so lockouts (423 {@code account-locked}) look the same too. Each attempt is counted as a failure before its
 * password is checked and the count is cleared when it succeeds ({@link LoginThrottles#admit}), so a burst of parallel
 * guesses gets exactly as many bcrypt checks as the lockout allows. The bcrypt check runs outside any transaction, so
 * no database connection waits on it, and every step (count, check, sign-in, audit record) takes at most one pooled
 * connection at a time. Lockout windows follow the business clock, like every other expiry.
 */
@ApplicationScoped
public class StaffLoginService {

    static final String LOGIN = "auth.staff.login";
    static final String LOCKOUT = "auth.staff.lockout";
    static final String TARGET = "staff-account";

    @Inject
    PasswordHasher hasher;
    @Inject
    LoginThrottles throttles;
    @Inject
    TokenService tokens;
    @Inject
    AuditTrail audit;
    @Inject
    BusinessClock clock;
    @Inject
    EntityManager entityManager;

    /** Signs a staff member in: a new token pair, or 401 {@code login-failed}, or 423 {@code account-locked}. */
    @Transactional(TxType.NEVER)
    public TokenPair login(String username, String password) {
        String name = Usernames.normalise(username);
        Instant now = clock.now();
        Optional<Credentials> account = credentials(name);
        LoginThrottles.Attempt attempt = throttles.admit(name, now);
        if (!attempt.admitted()) {
            audit.recordFailure(target(AuditEntry.denied(AuditActor.anonymous(), LOGIN), account)
                    .detail("reason", "locked"));
            throw accountLocked(attempt.lockedUntil().get(), now);
        }
        boolean matches = account.isPresent() ? hasher.matches(password, account.get().passwordHash())
                : hasher.matchesNothing(password);
        if (!matches || account.get().disabled()) {
            String reason = account.isEmpty() ? "unknown-username" : !matches ? "wrong-password" : "account-disabled";
            throw failed(account, reason, attempt);
        }
        Optional<TokenPair> signedIn = QuarkusTransaction.requiringNew()
                .call(() -> signIn(account.get().id(), name, password, now));
        // the refusal is recorded after the sign-in's transaction ended, so one pooled connection at a time
        return signedIn.orElseThrow(() -> failed(Optional.empty(), "changed-meanwhile", attempt));
    }

    /** The sign-in of an admitted attempt with the right password; empty when the account changed meanwhile. */
    private Optional<TokenPair> signIn(UUID accountId, String name, String password, Instant now) {
        // the row lock orders this sign-in with a concurrent disable or password reset: either they see the new
        // token family and revoke it, or this sees their change
        StaffAccount account = StaffAccount.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null || account.disabled || !account.username.equals(name)) {
            return Optional.empty();
        }
        throttles.clearAfterSuccess(name);
        if (hasher.needsRehash(account.passwordHash)) {
            account.rehash(hasher.hash(password), now);
        }
        TokenPair pair = tokens.issue(StaffSubjects.subjectOf(account));
        audit.record(AuditEntry.success(AuditActor.staff(account.id.toString(), account.auditLabel()), LOGIN)
                .target(TARGET, account.id.toString()));
        return Optional.of(pair);
    }

    /** A failed attempt (already counted when it was admitted), recorded; answers the problem to throw. */
    private ProblemException failed(Optional<Credentials> account, String reason, LoginThrottles.Attempt attempt) {
        audit.recordFailure(target(AuditEntry.failure(AuditActor.anonymous(), LOGIN), account).detail("reason", reason));
        if (attempt.lockedUntil().isPresent()) {
            audit.recordFailure(target(AuditEntry.denied(AuditActor.anonymous(), LOCKOUT), account)
                    .detail("lockedUntil", attempt.lockedUntil().get().toString()));
            return accountLocked(attempt.lockedUntil().get(), clock.now());
        }
        return new ProblemException(401, "login-failed", "Wrong username or password");
    }

    private static AuditEntry target(AuditEntry entry, Optional<Credentials> account) {
        return account.map(found -> entry.target(TARGET, found.id().toString())).orElse(entry);
    }

    private static ProblemException accountLocked(Instant lockedUntil, Instant now) {
        long seconds = LockoutPolicy.retryAfterSeconds(lockedUntil, now);
        return new ProblemException(423, "account-locked", "Too many failed sign-ins; try again in " + seconds
                + " seconds", List.of(), Map.of("Retry-After", Long.toString(seconds)));
    }

    @Transactional(TxType.SUPPORTS)
    Optional<Credentials> credentials(String name) {
        // one query whether or not the account exists (no roles loaded), so the timing does not tell either
        return entityManager.createQuery("select a.id, a.passwordHash, a.disabled from StaffAccount a "
                + "where a.username = :username", Object[].class).setParameter("username", name).getResultStream()
                .findFirst().map(row -> new Credentials((UUID) row[0], (String) row[1], (Boolean) row[2]));
    }

    /** What a sign-in needs of an account, read before any transaction so the bcrypt check holds none open. */
    record Credentials(UUID id, String passwordHash, boolean disabled) {
    }
}
