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
import org.errandless.common.security.SecondFactor;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.mfa.SecondFactors;
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
 *
 * <p>An account with a second factor signs in in two steps: the right password opens a short-lived challenge (401
 * {@code mfa-required} with an {@code mfaToken}) and a TOTP or recovery code completes it ({@link #completeSignIn}).
 * The password's attempt stays counted as a failure until the code is right, and every code is counted like a
 * password before it is checked, so wrong codes lead to the same lockout as wrong passwords and the password step
 * cannot be used to reset the count between guesses of codes.
 */
@ApplicationScoped
public class StaffLoginService {

    static final String LOGIN = "auth.staff.login";
    static final String SECOND_STEP = "auth.staff.mfa";
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
    @Inject
    SecondFactors secondFactors;
    @Inject
    StaffSubjects subjects;
    @Inject
    StaffMfaRules mfaRules;
    @Inject
    StaffConfig config;

    /** What a right password leads to. */
    public sealed interface Outcome permits SignedIn, SecondStepDue {
    }

    /**
     * Signed in.
     *
     * @param tokens the token pair
     * @param standing where the account stands as to the second factor (told to enrol if it has not)
     */
    public record SignedIn(TokenPair tokens, StaffMfaRules.Standing standing) implements Outcome {
    }

    /**
     * The password was right and the account has a second factor: a code must complete the sign-in.
     *
     * @param mfaToken the challenge to send back with the code
     * @param expiresAt until when it accepts one
     */
    public record SecondStepDue(String mfaToken, Instant expiresAt) implements Outcome {
    }

    /**
     * Signs a staff member in: a new token pair, or the second step due, or 401 {@code login-failed}, or 423
     * {@code account-locked}.
     */
    @Transactional(TxType.NEVER)
    public Outcome login(String username, String password) {
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
        Optional<Outcome> signedIn = QuarkusTransaction.requiringNew()
                .call(() -> signIn(account.get().id(), name, password, now));
        // the refusal is recorded after the sign-in's transaction ended, so one pooled connection at a time
        Outcome outcome = signedIn.orElseThrow(() -> failed(Optional.empty(), "changed-meanwhile", attempt));
        if (outcome instanceof SecondStepDue && attempt.lockedUntil().isPresent()) {
            // this attempt used up the count: no code could complete it, so it answers like a wrong password would
            throw accountLocked(attempt.lockedUntil().get(), now);
        }
        return outcome;
    }

    /** The sign-in of an admitted attempt with the right password; empty when the account changed meanwhile. */
    private Optional<Outcome> signIn(UUID accountId, String name, String password, Instant now) {
        // the row lock orders this sign-in with a concurrent disable or password reset: either they see the new
        // token family and revoke it, or this sees their change
        StaffAccount account = StaffAccount.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null || account.disabled || !account.username.equals(name)) {
            return Optional.empty();
        }
        if (hasher.needsRehash(account.passwordHash)) {
            account.rehash(hasher.hash(password), now);
        }
        StaffMfaRules.Standing standing = mfaRules.standing(account);
        AuditActor actor = AuditActor.staff(account.id.toString(), account.auditLabel());
        if (standing.enrolled()) {
            // the attempt stays counted until a code completes it
            SecondFactors.IssuedChallenge challenge = secondFactors.openChallenge(account.id, name, now,
                    config.mfa().challengeLifetime());
            audit.record(AuditEntry.success(actor, SECOND_STEP + ".challenge").target(TARGET, account.id.toString()));
            return Optional.of(new SecondStepDue(challenge.token(), challenge.expiresAt()));
        }
        throttles.clearAfterSuccess(name);
        TokenPair pair = tokens.issue(subjects.subjectOf(account, standing), List.of(SecondFactor.PASSWORD));
        audit.record(AuditEntry.success(actor, LOGIN).target(TARGET, account.id.toString())
                .detail("secondFactor", standing.exempt() ? "exempt" : "none"));
        return Optional.of(new SignedIn(pair, standing));
    }

    /**
     * The second step of a sign-in: the challenge of the password step and a TOTP or recovery code give the token
     * pair. The code is counted as a failed attempt of the username before it is checked, and the count is cleared
     * when it is right.
     *
     * @throws ProblemException 401 {@code mfa-challenge-invalid} (unknown, expired or used challenge, or the account
     *         changed meanwhile: sign in again), 401 {@code mfa-code-invalid}, 423 {@code account-locked}
     */
    @Transactional(TxType.NEVER)
    public SignedIn completeSignIn(String mfaToken, String code) {
        Instant now = clock.now();
        SecondFactors.ChallengeRef challenge = secondFactors.findChallenge(mfaToken, now)
                .orElseThrow(StaffLoginService::challengeInvalid);
        LoginThrottles.Attempt attempt = throttles.admit(challenge.username(), now);
        if (!attempt.admitted()) {
            audit.recordFailure(AuditEntry.denied(AuditActor.anonymous(), SECOND_STEP)
                    .target(TARGET, challenge.accountId().toString()).detail("reason", "locked"));
            throw accountLocked(attempt.lockedUntil().get(), now);
        }
        SecondStep step = QuarkusTransaction.requiringNew().call(() -> secondStep(challenge, code, now));
        if (step.signedIn() != null) {
            return step.signedIn();
        }
        // recorded after the step's transaction ended, so one pooled connection at a time
        audit.recordFailure(AuditEntry.failure(AuditActor.anonymous(), SECOND_STEP)
                .target(TARGET, challenge.accountId().toString()).detail("reason", step.failure()));
        if (attempt.lockedUntil().isPresent()) {
            audit.recordFailure(AuditEntry.denied(AuditActor.anonymous(), LOCKOUT)
                    .target(TARGET, challenge.accountId().toString())
                    .detail("lockedUntil", attempt.lockedUntil().get().toString()));
            throw accountLocked(attempt.lockedUntil().get(), clock.now());
        }
        if (!"wrong-code".equals(step.failure())) {
            throw challengeInvalid();
        }
        throw new ProblemException(401, "mfa-code-invalid", "Wrong or already used code");
    }

    /** The outcome of a second step: signed in, or why not. */
    private record SecondStep(SignedIn signedIn, String failure) {
    }

    private SecondStep secondStep(SecondFactors.ChallengeRef challenge, String code, Instant now) {
        if (!secondFactors.lockChallenge(challenge.id(), now)) {
            return new SecondStep(null, "challenge-used");
        }
        StaffAccount account = StaffAccount.findById(challenge.accountId(), LockModeType.PESSIMISTIC_WRITE);
        if (account == null || account.disabled || !account.username.equals(challenge.username())) {
            secondFactors.closeChallenge(challenge.id(), now);
            return new SecondStep(null, "changed-meanwhile");
        }
        Optional<SecondFactors.Method> method = secondFactors.verify(account.id, code, now);
        if (method.isEmpty()) {
            return new SecondStep(null, "wrong-code");
        }
        secondFactors.closeChallenge(challenge.id(), now);
        throttles.clearAfterSuccess(account.username);
        StaffMfaRules.Standing standing = mfaRules.standing(account);
        TokenPair pair = tokens.issue(subjects.subjectOf(account, standing),
                List.of(SecondFactor.PASSWORD, SecondFactor.OTP, SecondFactor.MFA));
        audit.record(AuditEntry.success(AuditActor.staff(account.id.toString(), account.auditLabel()), LOGIN)
                .target(TARGET, account.id.toString())
                .detail("secondFactor", method.get() == SecondFactors.Method.TOTP ? "totp" : "recovery-code"));
        return new SecondStep(new SignedIn(pair, standing), null);
    }

    private static ProblemException challengeInvalid() {
        return new ProblemException(401, "mfa-challenge-invalid", "The sign-in step is unknown, used or expired; sign "
                + "in again with the password");
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

    static ProblemException accountLocked(Instant lockedUntil, Instant now) {
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
