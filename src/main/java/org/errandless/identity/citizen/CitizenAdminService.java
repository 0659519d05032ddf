package org.errandless.identity.citizen;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.problem.Problem.InvalidParam;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.token.TokenService;

/**
 * An administrator disables and enables citizen accounts (a stolen phone, an account abused). Each call is on the
 * audit trail with the admin and the optional reason, in the transaction that makes the change.
 */
@ApplicationScoped
@Transactional
public class CitizenAdminService {

    static final String TARGET = "citizen-account";

    @Inject
    TokenService tokens;
    @Inject
    AuditTrail audit;
    @Inject
    BusinessClock clock;
    @Inject
    ProfileSnapshots snapshots;

    /**
     * Disables the account: it can no longer sign in, every sign-in of it is revoked (so refresh fails), and its
     * access tokens are refused on every instance from the commit on. Disabling a disabled account changes nothing
     * but is still recorded.
     *
     * @throws ProblemException 404 for an unknown account; 400 when the reason names an ID or phone number
     */
    public CitizenAccountStatusView disable(UUID id, String reason, AuditActor admin) {
        AuditEntry entry = entry(admin, "citizen.disable", id, reason);
        CitizenAccount account = locked(id);
        account.disable(clock.now());
        snapshots.changed(account.id);
        tokens.accountDisabled(CitizenAccounts.ACCOUNT_TYPE, account.id, "account-disabled");
        audit.record(entry);
        return CitizenAccountStatusView.of(account);
    }

    /**
     * Lets the account sign in again; its old sign-ins stay revoked. Enabling an enabled account changes nothing but
     * is still recorded.
     *
     * @throws ProblemException 404 for an unknown account; 400 when the reason names an ID or phone number
     */
    public CitizenAccountStatusView enable(UUID id, String reason, AuditActor admin) {
        AuditEntry entry = entry(admin, "citizen.enable", id, reason);
        CitizenAccount account = locked(id);
        account.enable(clock.now());
        snapshots.changed(account.id);
        tokens.accountEnabled(CitizenAccounts.ACCOUNT_TYPE, account.id);
        audit.record(entry);
        return CitizenAccountStatusView.of(account);
    }

    private static CitizenAccount locked(UUID id) {
        CitizenAccount account = CitizenAccount.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw ProblemException.notFound("Citizen account");
        }
        return account;
    }

    /** The audit entry, built first: a reason the trail refuses (personal data) is the caller's 400, not a 500. */
    private static AuditEntry entry(AuditActor admin, String action, UUID id, String reason) {
        AuditEntry entry = AuditEntry.success(admin, action).target(TARGET, id.toString());
        if (reason == null || reason.isBlank()) {
            return entry;
        }
        try {
            return entry.detail("reason", reason.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(List.of(new InvalidParam("reason",
                    "must not contain an ID number or a phone number", "personal-data")));
        }
    }
}
