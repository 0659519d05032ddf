package org.errandless.audit;

import java.util.Objects;

/**
 * Who acted: the kind of actor, an opaque id and a label for people reading the trail.
 *
 * <p>The id is the account id, staff id or partner client id, never an ID number or a phone number. The label says
 * what the actor was acting as, e.g. {@code OFFICER @ 解放碑派出所}.
 *
 * @param type the kind of actor
 * @param id opaque id; required for citizens, staff and partners, absent for anonymous actors
 * @param label role and station, department or job name; optional
 */
public record AuditActor(ActorType type, String id, String label) {

    public AuditActor {
        Objects.requireNonNull(type, "type");
        EntryChecks.noPersonalData("actor id", EntryChecks.optional("actor id", id, 128));
        EntryChecks.optional("actor label", label, 200);
        if (type == ActorType.ANONYMOUS && id != null) {
            throw new IllegalArgumentException("an anonymous actor has no id");
        }
        if ((type == ActorType.CITIZEN || type == ActorType.STAFF || type == ActorType.PARTNER)
                && (id == null || id.isBlank())) {
            throw new IllegalArgumentException("a " + type + " actor needs an id");
        }
    }

    /** A citizen, by account id. */
    public static AuditActor citizen(String accountId) {
        return new AuditActor(ActorType.CITIZEN, accountId, null);
    }

    /** A staff member, by staff id, labelled with role and station. */
    public static AuditActor staff(String staffId, String label) {
        return new AuditActor(ActorType.STAFF, staffId, label);
    }

    /** A partner department's client, by client id, labelled with the department. */
    public static AuditActor partner(String clientId, String label) {
        return new AuditActor(ActorType.PARTNER, clientId, label);
    }

    /** The application itself; the label names the job or component. */
    public static AuditActor system(String label) {
        return new AuditActor(ActorType.SYSTEM, null, label);
    }

    /** Someone not authenticated. */
    public static AuditActor anonymous() {
        return new AuditActor(ActorType.ANONYMOUS, null, null);
    }
}
