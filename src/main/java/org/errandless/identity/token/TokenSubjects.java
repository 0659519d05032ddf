package org.errandless.identity.token;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Loads the current subject of an account, so a refresh carries today's roles and level, not yesterday's; and tells
 * which accounts of its type are disabled, so token checks can refuse them from memory ({@link TokenRevocations}).
 */
public interface TokenSubjects {

    /** The account type this loader handles (CITIZEN, STAFF or PARTNER). */
    String accountType();

    /** The subject, or empty when the account no longer exists or is disabled. */
    Optional<TokenSubject> load(UUID accountId);

    /**
     * Every disabled account of this type, read at start-up and whenever the live feed may have missed a change.
     * Disabling is an administrator's act, so the set stays small (see {@link TokenRevocations}).
     */
    Set<UUID> disabledAccounts();
}
