package org.errandless.identity.token;

import java.util.Optional;
import java.util.UUID;

/** Loads the current subject of an account, so a refresh carries today's roles and level, not yesterday's. */
public interface TokenSubjects {

    /** The account type this loader handles (CITIZEN, STAFF or PARTNER). */
    String accountType();

    /** The subject, or empty when the account no longer exists or is disabled. */
    Optional<TokenSubject> load(UUID accountId);
}
