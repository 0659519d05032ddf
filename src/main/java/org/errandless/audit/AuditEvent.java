package org.errandless.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An event as the audit trail holds it, for listing.
 *
 * @param sequenceNumber position in the trail (increasing, with gaps where an append was rolled back)
 * @param id the event's id
 * @param occurredAt when it was recorded, at microsecond precision
 * @param actorType the kind of actor
 * @param actorId opaque id of the actor, if any
 * @param actorLabel what the actor acted as, if known
 * @param action dotted action name
 * @param targetType kind of thing acted on, if any
 * @param targetId opaque id of the thing acted on, if any
 * @param outcome how it ended
 * @param requestId the request it happened in, if any
 * @param details small context map, sorted by key
 */
public record AuditEvent(long sequenceNumber, UUID id, Instant occurredAt, ActorType actorType,
        @Schema(description = "Opaque id of the actor; null for the system and anonymous callers", nullable = true)
        String actorId,
        @Schema(description = "What the actor acted as; null when not known", nullable = true) String actorLabel,
        String action,
        @Schema(description = "Kind of thing acted on; null when none", nullable = true) String targetType,
        @Schema(description = "Opaque id of the thing acted on; null when none", nullable = true) String targetId,
        AuditOutcome outcome,
        @Schema(description = "The request it happened in; null outside a request (jobs)", nullable = true)
        String requestId,
        Map<String, String> details) {
}
