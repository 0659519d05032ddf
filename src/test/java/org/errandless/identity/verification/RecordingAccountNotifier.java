package org.errandless.identity.verification;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.errandless.identity.citizen.AccountNotifier;

/** Remembers which accounts were told that their identity moved away, for tests to assert on. */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingAccountNotifier implements AccountNotifier {

    private final List<UUID> movedAway = new CopyOnWriteArrayList<>();

    @Override
    public void identityMovedAway(UUID accountId, String phone) {
        movedAway.add(accountId);
    }

    public boolean toldIdentityMovedAway(UUID accountId) {
        return movedAway.contains(accountId);
    }
}
