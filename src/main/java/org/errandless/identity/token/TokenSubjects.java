package org.errandless.identity.token;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.errandless.common.problem.ProblemException;

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

    /**
     * Why the account may not sign in or refresh now although it is enabled (a rule of the account's type that depends
     * on the day, such as a child's age), as the problem to answer; empty when nothing stops it. The token service then
     * ends every sign-in of the account. Asked at each refresh, so it must cost little.
     */
    default Optional<ProblemException> refusal(UUID accountId) {
        return Optional.empty();
    }
}
