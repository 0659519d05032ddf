package org.errandless.audit;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A security-relevant event to append to the audit trail: who did what to which target, and how it ended.
 *
 * <p>The trail adds when (the business clock), the request id (from the log context) and the chain hashes. Details
 * are a small flat map of strings (at most {@value #MAX_DETAILS} entries) for context such as a reason code or a
 * count; they must not carry personal data or text a user typed.
 *
 * @param actor who acted
 * @param action dotted name of the action, e.g. {@code auth.otp.verify} or {@code application.approve}
 * @param outcome how it ended
 * @param targetType kind of thing acted on, e.g. {@code application}; optional
 * @param targetId opaque id of the thing acted on; optional, never an ID number or a phone number
 * @param details small context map, sorted by key; empty when there is none
 */
public record AuditEntry(AuditActor actor, String action, AuditOutcome outcome, String targetType, String targetId,
        Map<String, String> details) {

    /** Most detail entries an event may carry. */
    public static final int MAX_DETAILS = 20;

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(outcome, "outcome");
        EntryChecks.matching("action", EntryChecks.required("action", action, 100), EntryChecks.DOTTED_NAME);
        EntryChecks.matching("target type", EntryChecks.optional("target type", targetType, 64), EntryChecks.KIND);
        EntryChecks.noPersonalData("target id", EntryChecks.optional("target id", targetId, 128));
        if (targetId != null && targetType == null) {
            throw new IllegalArgumentException("a target id needs a target type");
        }
        details = checkedDetails(details);
    }

    /** An action that took effect. */
    public static AuditEntry success(AuditActor actor, String action) {
        return new AuditEntry(actor, action, AuditOutcome.SUCCESS, null, null, Map.of());
    }

    /** An action that was attempted and failed. */
    public static AuditEntry failure(AuditActor actor, String action) {
        return new AuditEntry(actor, action, AuditOutcome.FAILURE, null, null, Map.of());
    }

    /** An action that was refused. */
    public static AuditEntry denied(AuditActor actor, String action) {
        return new AuditEntry(actor, action, AuditOutcome.DENIED, null, null, Map.of());
    }

    /** This entry with a target. */
    public AuditEntry target(String type, String id) {
        return new AuditEntry(actor, action, outcome, type, id, details);
    }

    /** This entry with one more detail (replacing a detail of the same key). */
    public AuditEntry detail(String key, String value) {
        SortedMap<String, String> more = new TreeMap<>(details);
        more.put(key, value);
        return new AuditEntry(actor, action, outcome, targetType, targetId, more);
    }

    private static Map<String, String> checkedDetails(Map<String, String> details) {
        if (details == null || details.isEmpty()) {
            return Collections.emptySortedMap();
        }
        if (details.size() > MAX_DETAILS) {
            throw new IllegalArgumentException("at most " + MAX_DETAILS + " details");
        }
        SortedMap<String, String> sorted = new TreeMap<>();
        details.forEach((key, value) -> {
            EntryChecks.matching("detail key", EntryChecks.required("detail key", key, 64), EntryChecks.DETAIL_KEY);
            if (value == null) {
                throw new IllegalArgumentException("detail " + key + " has no value");
            }
            EntryChecks.noPersonalData("detail " + key, EntryChecks.optional("detail " + key, value, 500));
            sorted.put(key, value);
        });
        return Collections.unmodifiableSortedMap(sorted);
    }
}
