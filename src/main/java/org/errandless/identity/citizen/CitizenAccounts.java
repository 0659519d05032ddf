package org.errandless.identity.citizen;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.common.security.Roles;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.token.TokenSubject;
import org.errandless.identity.token.TokenSubjects;
import org.errandless.registry.Guardianship;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegistryService;

/** Citizen accounts, found by phone (through its blind index) or id; the token subject loader for citizens. */
@ApplicationScoped
public class CitizenAccounts implements TokenSubjects {

    /** Account type of citizens in tokens and token families. */
    public static final String ACCOUNT_TYPE = "CITIZEN";

    /**
     * A child under {@link Guardianship#MINOR_AGE} on the business date cannot sign in as themself: neither bind an
     * identity nor use an account bound to them (403).
     */
    public static final String MINOR_CANNOT_SIGN_IN = "minor-cannot-sign-in";

    @Inject
    PersonalDataProtector protector;
    @Inject
    BusinessClock clock;
    @Inject
    RegistryService registry;

    /** The account of a phone (normalised), created at L1 on first sign-in. */
    @Transactional
    public CitizenAccount findOrCreate(String phone) {
        String hash = protector.blindIndex(PersonalDataKind.PHONE, phone);
        CitizenAccount existing = CitizenAccount.find("phoneHash", hash).firstResult();
        if (existing != null) {
            return existing;
        }
        CitizenAccount account = new CitizenAccount();
        account.id = UUID.randomUUID();
        account.phoneCipher = protector.encrypt(PersonalDataKind.PHONE, phone);
        account.phoneHash = hash;
        account.assuranceLevel = AssuranceLevel.L1;
        Instant now = clock.now();
        account.createdAt = now;
        account.updatedAt = now;
        account.persist();
        return account;
    }

    /** The account of a phone (any form {@link PersonalDataKind#PHONE} normalises), if it has signed in before. */
    @Transactional
    public Optional<CitizenAccount> byPhone(String phone) {
        return CitizenAccount.find("phoneHash", protector.blindIndex(PersonalDataKind.PHONE, phone))
                .firstResultOptional();
    }

    @Transactional
    public Optional<CitizenAccount> byId(UUID id) {
        return CitizenAccount.findByIdOptional(id);
    }

    /** The account bound to a person of the register, if any. */
    @Transactional
    public Optional<CitizenAccount> boundTo(UUID personId) {
        return CitizenAccount.find("personId", personId).firstResultOptional();
    }

    /**
     * The account with its row locked until the transaction ends, for changes of its binding. Lock several accounts
     * in ascending id order, after {@link #lockBindingOf}, so two binding changes never wait for each other.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CitizenAccount lockForUpdate(UUID id) {
        CitizenAccount account = CitizenAccount.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw new ProblemException(401, "unauthorized", "Unknown or disabled account");
        }
        return account;
    }

    /**
     * Serialises changes of one person's binding (which account holds them) until the transaction ends: the check
     * "not bound to another account" and the binding that follows it happen as one step.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockBindingOf(UUID personId) {
        CitizenAccount.getEntityManager()
                .createNativeQuery("select cast(pg_advisory_xact_lock(hashtext(?1)) as text)")
                .setParameter(1, "errandless:identity-binding:" + personId).getSingleResult();
    }

    /** Writes pending changes now, e.g. an unbinding before the person's new binding (the column is unique). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void flush() {
        CitizenAccount.flush();
    }

    /** The account's phone number in clear, for its owner and for sending messages. */
    public String phoneOf(CitizenAccount account) {
        return protector.decrypt(PersonalDataKind.PHONE, account.phoneCipher);
    }

    /** The token subject of an account as it stands now. */
    public TokenSubject subjectOf(CitizenAccount account) {
        return new TokenSubject(ACCOUNT_TYPE, account.id, Set.of(Roles.CITIZEN),
                Optional.of(account.assuranceLevel.name()), Optional.empty(), Optional.empty());
    }

    @Override
    public String accountType() {
        return ACCOUNT_TYPE;
    }

    @Override
    @Transactional
    public Optional<TokenSubject> load(UUID accountId) {
        return byId(accountId).filter(account -> !account.disabled).map(this::subjectOf);
    }

    /**
     * An account bound to a person who is under {@link Guardianship#MINOR_AGE} on the business date (as the register's
     * birth date says) is not used: bound before the age rule existed, or the register's birth date corrected since.
     * Judged afresh at each sign-in and refresh, so the binding stays and works again from the 16th birthday on, with
     * no flag to keep, no job, and nothing another instance must learn (the sign-ins it ends are revoked as any
     * others). One read of the register, only for a bound account.
     *
     * @return 403 {@code minor-cannot-sign-in}, or empty
     */
    @Override
    @Transactional
    public Optional<ProblemException> refusal(UUID accountId) {
        return byId(accountId).flatMap(this::refusal);
    }

    /** {@link #refusal(UUID)} for an account at hand. */
    @Transactional
    public Optional<ProblemException> refusal(CitizenAccount account) {
        if (account.personId == null) {
            return Optional.empty();
        }
        LocalDate born = registry.person(account.personId).map(PersonView::birthDate).orElse(null);
        if (!Guardianship.isMinor(born, clock.today())) {
            return Optional.empty();
        }
        return Optional.of(new ProblemException(403, MINOR_CANNOT_SIGN_IN, "A child under "
                + Guardianship.MINOR_AGE + " cannot sign in as themself; a parent in the same household applies for "
                + "them (onBehalfOf)"));
    }

    @Override
    @Transactional
    public Set<UUID> disabledAccounts() {
        return Set.copyOf(CitizenAccount.getEntityManager()
                .createQuery("select a.id from CitizenAccount a where a.disabled = true", UUID.class).getResultList());
    }
}
