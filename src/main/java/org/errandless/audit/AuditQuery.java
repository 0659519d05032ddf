package org.errandless.audit;

import java.time.Instant;

/**
 * Filter for listing the audit trail; every part is optional and they combine with AND.
 *
 * @param action an exact action name, or a prefix ending in {@code .*} ({@code auth.*} matches {@code auth.otp.verify})
 * @param actorType only events by this kind of actor
 * @param actorId only events by this actor id
 * @param outcome only events with this outcome
 * @param from only events that occurred at or after this instant
 * @param to only events that occurred before this instant
 */
public record AuditQuery(String action, ActorType actorType, String actorId, AuditOutcome outcome, Instant from,
        Instant to) {

    /** No filter: the whole trail. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null);
    }

    /** This filter, limited to an action name or a {@code prefix.*}. */
    public AuditQuery action(String value) {
        return new AuditQuery(value, actorType, actorId, outcome, from, to);
    }

    /** This filter, limited to an actor; either part may be null. */
    public AuditQuery actor(ActorType type, String id) {
        return new AuditQuery(action, type, id, outcome, from, to);
    }

    /** This filter, limited to an outcome. */
    public AuditQuery outcome(AuditOutcome value) {
        return new AuditQuery(action, actorType, actorId, value, from, to);
    }

    /** Events in {@code [from, to)}; either end may be null. */
    public AuditQuery between(Instant fromInclusive, Instant toExclusive) {
        return new AuditQuery(action, actorType, actorId, outcome, fromInclusive, toExclusive);
    }
}
