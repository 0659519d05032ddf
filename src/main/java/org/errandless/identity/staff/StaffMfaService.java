package org.errandless.identity.staff;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.mfa.SecondFactors;
import org.errandless.identity.token.TokenService;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A staff member's own second factor (enrol, confirm, new recovery codes, disable) and an admin's reset of someone
 * else's. Every change is on the audit trail. A step that needs a code counts it like a sign-in attempt of the
 * account's username before checking it ({@link LoginThrottles#admit}): wrong codes lead to the same lockout as wrong
 * passwords, however many sessions or instances send them. Disabling or resetting the second factor ends every
 * sign-in of the account.
 */
@ApplicationScoped
public class StaffMfaService {

    static final String TARGET = StaffLoginService.TARGET;

    @Inject
    SecondFactors secondFactors;
    @Inject
    StaffMfaRules rules;
    @Inject
    LoginThrottles throttles;
    @Inject
    TokenService tokens;
    @Inject
    AuditTrail audit;
    @Inject
    BusinessClock clock;
    @Inject
    StaffConfig config;

    /** Where the caller's second factor stands. */
    @Transactional(TxType.SUPPORTS)
    public MfaStatusView status(UUID accountId) {
        StaffAccount account = account(accountId);
        StaffMfaRules.Standing standing = rules.standing(account);
        SecondFactors.Status status = secondFactors.status(accountId);
        return new MfaStatusView(status.state().name(), status.enrolledAt(),
                status.state() == SecondFactors.State.ACTIVE ? status.recoveryCodesLeft() : null,
                standing.enrolmentRequired(), standing.enrolmentRequired() ? standing.enrolBy() : null);
    }

    /**
     * Starts an enrolment: a new secret, shown this once; a pending enrolment is replaced.
     *
     * @throws ProblemException 409 {@code mfa-already-enrolled}
     */
    @Transactional
    public MfaEnrolmentView start(UUID accountId, AuditActor actor) {
        StaffAccount account = account(accountId);
        SecondFactors.Enrolment enrolment = secondFactors.start(accountId, account.username, config.mfa().issuer(),
                clock.now());
        audit.record(AuditEntry.success(actor, "staff.mfa.enrolment-start").target(TARGET, accountId.toString()));
        return MfaEnrolmentView.of(enrolment, config.mfa().issuer(), account.username);
    }

    /**
     * Confirms the pending enrolment with a first code of the app: from now on sign-ins need a code.
     *
     * @return the ten recovery codes, shown this once
     * @throws ProblemException 409 {@code mfa-enrolment-not-started} or {@code mfa-already-enrolled}, 422
     *         {@code mfa-code-invalid}, 423 {@code account-locked}
     */
    @Transactional(TxType.NEVER)
    public RecoveryCodesView confirm(UUID accountId, String code, AuditActor actor) {
        SecondFactors.State state = secondFactors.status(accountId).state();
        if (state == SecondFactors.State.NONE) {
            account(accountId);
            throw ProblemException.conflict("mfa-enrolment-not-started", "No enrolment to confirm: start one first");
        }
        if (state == SecondFactors.State.ACTIVE) {
            throw ProblemException.conflict("mfa-already-enrolled", "The second factor is already enrolled");
        }
        return withCode(accountId, "staff.mfa.enrol", actor, now -> secondFactors.confirm(accountId, code, now)
                .map(codes -> new RecoveryCodesView(codes, now)));
    }

    /**
     * A new set of recovery codes; the old ones stop working. Needs a current code (of the app, or a recovery code).
     *
     * @throws ProblemException 409 {@code mfa-not-enrolled}, 422 {@code mfa-code-invalid}, 423 {@code account-locked}
     */
    @Transactional(TxType.NEVER)
    public RecoveryCodesView regenerate(UUID accountId, String code, AuditActor actor) {
        requireEnrolled(accountId);
        return withCode(accountId, "staff.mfa.recovery-codes", actor, now -> secondFactors.verify(accountId, code, now)
                .map(method -> new RecoveryCodesView(secondFactors.newRecoveryCodes(accountId, now), now)));
    }

    /**
     * Disables the caller's own second factor, with a current code (of the app, or a recovery code), and ends every
     * sign-in of the account: the next one is with the password only, and the account must enrol again before it may
     * use admin endpoints or decide (unless still within its grace period).
     *
     * @throws ProblemException 409 {@code mfa-not-enrolled}, 422 {@code mfa-code-invalid}, 423 {@code account-locked}
     */
    @Transactional(TxType.NEVER)
    public void disable(UUID accountId, String code, AuditActor actor) {
        requireEnrolled(accountId);
        withCode(accountId, "staff.mfa.disable", actor, now -> secondFactors.verify(accountId, code, now).map(method -> {
            secondFactors.remove(accountId);
            tokens.revokeAll(StaffSubjects.ACCOUNT_TYPE, accountId, "mfa-disabled");
            return Boolean.TRUE;
        }));
    }

    /**
     * An admin's reset of a staff member's second factor (a lost phone and lost recovery codes): the enrolment, the
     * recovery codes and every sign-in of the account end; the staff member signs in with the password and enrols
     * again. Resetting an account without a second factor changes nothing but is recorded too.
     *
     * @throws ProblemException 404 {@code not-found}
     */
    @Transactional
    public void reset(UUID accountId, AuditActor admin) {
        StaffAccount account = StaffAccount.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw ProblemException.notFound("Staff account");
        }
        boolean removed = secondFactors.remove(accountId);
        tokens.revokeAll(StaffSubjects.ACCOUNT_TYPE, accountId, "mfa-reset");
        audit.record(AuditEntry.success(admin, "staff.mfa.reset").target(TARGET, accountId.toString())
                .detail("hadSecondFactor", Boolean.toString(removed)));
    }

    private void requireEnrolled(UUID accountId) {
        if (secondFactors.status(accountId).state() != SecondFactors.State.ACTIVE) {
            account(accountId);
            throw ProblemException.conflict("mfa-not-enrolled", "No second factor is enrolled");
        }
    }

    /**
     * Runs a step that needs a code: counts the attempt, runs the step in its own transaction (an empty answer is a
     * wrong code, and changes nothing), clears the count when the code was right, and records the outcome.
     */
    private <T> T withCode(UUID accountId, String action, AuditActor actor, Function<Instant, Optional<T>> step) {
        String username = QuarkusTransaction.joiningExisting().call(() -> account(accountId).username);
        Instant now = clock.now();
        LoginThrottles.Attempt attempt = throttles.admit(username, now);
        if (!attempt.admitted()) {
            audit.recordFailure(AuditEntry.denied(actor, action).target(TARGET, accountId.toString())
                    .detail("reason", "locked"));
            throw StaffLoginService.accountLocked(attempt.lockedUntil().get(), now);
        }
        Optional<T> done = QuarkusTransaction.requiringNew().call(() -> {
            Optional<T> result = step.apply(now);
            if (result.isPresent()) {
                throttles.clearAfterSuccess(username);
                audit.record(AuditEntry.success(actor, action).target(TARGET, accountId.toString()));
            }
            return result;
        });
        if (done.isPresent()) {
            return done.get();
        }
        audit.recordFailure(AuditEntry.failure(actor, action).target(TARGET, accountId.toString())
                .detail("reason", "wrong-code"));
        if (attempt.lockedUntil().isPresent()) {
            audit.recordFailure(AuditEntry.denied(actor, StaffLoginService.LOCKOUT).target(TARGET, accountId.toString())
                    .detail("lockedUntil", attempt.lockedUntil().get().toString()));
            throw StaffLoginService.accountLocked(attempt.lockedUntil().get(), clock.now());
        }
        throw new ProblemException(422, "mfa-code-invalid", "Wrong or already used code", List.of(), Map.of());
    }

    private static StaffAccount account(UUID accountId) {
        StaffAccount account = StaffAccount.findById(accountId);
        if (account == null || account.disabled) {
            throw ProblemException.notFound("Staff account");
        }
        return account;
    }
}
