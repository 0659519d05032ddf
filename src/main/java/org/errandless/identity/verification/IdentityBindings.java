package org.errandless.identity.verification;

import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.citizen.AccountNotifier;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;
import org.errandless.identity.citizen.ProfileService;
import org.errandless.identity.citizen.ProfileSnapshots;
import org.errandless.identity.token.TokenService;

/**
 * The changes a passed verification makes, each in one short transaction (no provider call inside): bind an account
 * to a person (L2), raise it to L3, or move a person's binding to the account that proved it is theirs.
 *
 * <p>One person, one account: each change takes the person's binding lock first, then locks the accounts it changes
 * in ascending id order, so two verifications of the same person never both bind it and never wait for each other.
 */
@ApplicationScoped
@Transactional
public class IdentityBindings {

    static final String VERIFY = "identity.verify";
    static final String FACE_VERIFY = "identity.face.verify";
    static final String REBIND = "identity.rebind";

    @Inject
    CitizenAccounts accounts;
    @Inject
    ProfileService profiles;
    @Inject
    TokenService tokens;
    @Inject
    AuditTrail audit;
    @Inject
    AccountNotifier notifier;
    @Inject
    BusinessClock clock;
    @Inject
    ProfileSnapshots snapshots;

    /**
     * Binds the account to the person at L2 (an account already bound to them keeps its level).
     *
     * @throws ProblemException 409 {@code identity-already-bound} when another account holds the person, or this
     *         account is bound to someone else
     */
    public IdentityVerificationView bind(UUID accountId, UUID personId) {
        accounts.lockBindingOf(personId);
        Optional<CitizenAccount> holder = accounts.boundTo(personId);
        if (holder.isPresent() && !holder.get().id.equals(accountId)) {
            throw refused("This person is bound to another account; prove it is you "
                    + "with the face check (POST /api/v1/me/identity/face with name and idNumber) to move it here");
        }
        CitizenAccount account = accounts.lockForUpdate(accountId);
        requireNotBoundElsewhere(account, personId);
        account.bindTo(personId, clock.now());
        snapshots.changed(account.id);
        audit.record(AuditEntry.success(actor(accountId), VERIFY).target("person", personId.toString())
                .detail("assuranceLevel", account.assuranceLevel.name()));
        return answer(account);
    }

    /**
     * Raises the account, still bound to the person, to L3.
     *
     * @throws ProblemException 409 {@code identity-already-bound} when the binding moved away meanwhile
     */
    public IdentityVerificationView faceVerified(UUID accountId, UUID personId) {
        CitizenAccount account = accounts.lockForUpdate(accountId);
        if (!personId.equals(account.personId)) {
            throw ProblemException.conflict("identity-already-bound",
                    "This account's identity binding changed during the face check");
        }
        account.faceVerified(clock.now());
        snapshots.changed(account.id);
        audit.record(AuditEntry.success(actor(accountId), FACE_VERIFY).target("person", personId.toString())
                .detail("assuranceLevel", account.assuranceLevel.name()));
        return answer(account);
    }

    /**
     * Moves the person's binding to this account at L3 after it passed the carrier and face checks for them: the
     * account that held the person drops to L1, loses every sign-in and is told on its phone.
     *
     * @throws ProblemException 409 {@code identity-already-bound} when this account is bound to someone else
     */
    public IdentityVerificationView rebind(UUID accountId, UUID personId) {
        accounts.lockBindingOf(personId);
        Optional<UUID> previous = accounts.boundTo(personId).map(holder -> holder.id)
                .filter(holder -> !holder.equals(accountId));
        CitizenAccount account = null;
        CitizenAccount previousAccount = null;
        for (UUID id : Stream.concat(Stream.of(accountId), previous.stream()).sorted(Comparator.naturalOrder())
                .toList()) {
            CitizenAccount locked = accounts.lockForUpdate(id);
            if (id.equals(accountId)) {
                account = locked;
            } else {
                previousAccount = locked;
            }
        }
        requireNotBoundElsewhere(account, personId);
        if (previousAccount != null) {
            previousAccount.unbind(clock.now());
            snapshots.changed(previousAccount.id);
            // the person column is unique: the old binding must be gone before the new one is written
            accounts.flush();
        }
        account.bindTo(personId, clock.now());
        account.faceVerified(clock.now());
        snapshots.changed(account.id);
        AuditEntry entry = AuditEntry.success(actor(accountId), previousAccount == null ? FACE_VERIFY : REBIND)
                .target("person", personId.toString()).detail("assuranceLevel", account.assuranceLevel.name());
        if (previousAccount != null) {
            tokens.revokeAll(CitizenAccounts.ACCOUNT_TYPE, previousAccount.id, "identity-moved");
            notifier.identityMovedAway(previousAccount.id, accounts.phoneOf(previousAccount));
            entry = entry.detail("previousAccount", previousAccount.id.toString());
        }
        audit.record(entry);
        return answer(account);
    }

    private static void requireNotBoundElsewhere(CitizenAccount account, UUID personId) {
        if (account.personId != null && !account.personId.equals(personId)) {
            throw refused("This account is bound to another person");
        }
    }

    /**
     * The refusal to throw; the caller records it once this transaction has rolled back (recording it from here would
     * take a second pooled connection while this transaction holds the binding lock).
     */
    private static ProblemException refused(String detail) {
        return ProblemException.conflict("identity-already-bound", detail);
    }

    private IdentityVerificationView answer(CitizenAccount account) {
        return new IdentityVerificationView(profiles.profile(account.id), tokens.issue(accounts.subjectOf(account)));
    }

    private static AuditActor actor(UUID accountId) {
        return AuditActor.citizen(accountId.toString());
    }
}
