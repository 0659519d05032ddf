package org.errandless.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

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
public record AuditEvent(long sequenceNumber, UUID id, Instant occurredAt, ActorType actorType, String actorId,
        String actorLabel, String action, String targetType, String targetId, AuditOutcome outcome, String requestId,
        Map<String, String> details) {
}
