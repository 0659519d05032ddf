package org.errandless.support;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.errandless.identity.token.TokenSubject;
import org.errandless.identity.token.TokenSubjects;

/** Remembers the staff subjects {@link TestTokens} minted, so their refresh tokens rotate like real ones. */
@ApplicationScoped
public class TestSubjects implements TokenSubjects {

    private static final Map<UUID, TokenSubject> SUBJECTS = new ConcurrentHashMap<>();

    static void remember(TokenSubject subject) {
        SUBJECTS.put(subject.accountId(), subject);
    }

    @Override
    public String accountType() {
        return "STAFF";
    }

    @Override
    public Optional<TokenSubject> load(UUID accountId) {
        return Optional.ofNullable(SUBJECTS.get(accountId));
    }

    @Override
    public Set<UUID> disabledAccounts() {
        // test subjects are never disabled; revoking their sign-ins is what tests do
        return Set.of();
    }
}
