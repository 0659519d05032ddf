package org.errandless.identity.staff;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.common.time.BusinessClock;
import org.errandless.identity.token.TokenSubject;
import org.errandless.identity.token.TokenSubjects;
import org.hibernate.query.NativeQuery;

/**
 * Staff token subjects as of now: a refresh carries today's roles and station, and whether a password sign-in may
 * still do what needs the second factor; a disabled account gets none.
 */
@ApplicationScoped
public class StaffSubjects implements TokenSubjects {

    /** The {@code acct} claim of staff tokens and the account type of their token families. */
    public static final String ACCOUNT_TYPE = "STAFF";

    @Inject
    StaffMfaRules mfaRules;
    @Inject
    BusinessClock clock;

    @Override
    public String accountType() {
        return ACCOUNT_TYPE;
    }

    @Override
    @Transactional(TxType.SUPPORTS)
    public Optional<TokenSubject> load(UUID accountId) {
        StaffAccount account = StaffAccount.findById(accountId);
        if (account == null || account.disabled) {
            return Optional.empty();
        }
        return Optional.of(subjectOf(account, mfaRules.standing(account)));
    }

    @Override
    @Transactional(TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Set<UUID> disabledAccounts() {
        // native SQL: read at every start, where HQL would cost the start the HQL parser's first use (TokenRevocations)
        return Set.copyOf(StaffAccount.getEntityManager()
                .createNativeQuery("select id from staff_account where disabled").unwrap(NativeQuery.class)
                .addScalar("id", UUID.class).getResultList());
    }

    /** The subject of an account in this standing as to the second factor. */
    TokenSubject subjectOf(StaffAccount account, StaffMfaRules.Standing standing) {
        Set<String> roles = new TreeSet<>();
        account.roles.forEach(role -> roles.add(role.name()));
        Map<String, Object> claims = StaffMfaRules.claims(standing, clock.now());
        return new TokenSubject(ACCOUNT_TYPE, account.id, roles, Optional.empty(),
                Optional.ofNullable(account.stationCode), Optional.ofNullable(account.divisionCode), claims);
    }
}
