package org.errandless.registry;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of the register: whom it concerns (a person, a household or both), what happened, the state before and
 * after in words (no raw ID numbers), and the application or register import that caused it, if any.
 */
public record RegisterChangeView(UUID id, UUID personId, UUID householdId, RegisterChangeKind kind,
        String beforeSummary, String afterSummary, UUID applicationId, UUID importId, Instant occurredAt) {
}
