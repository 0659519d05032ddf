package org.errandless.applications;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One event of an application's timeline: who (by role), when, from, to, a comment, and who may see it. */
@Entity
@Table(name = "application_event")
public class ApplicationEvent extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "application_id")
    public UUID applicationId;
    public int seq;
    public Instant at;
    @Enumerated(EnumType.STRING)
    @Column(name = "actor_role")
    public ActorRole actorRole;
    public String action;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public ApplicationStatus fromStatus;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public ApplicationStatus toStatus;
    public String comment;
    @Enumerated(EnumType.STRING)
    public EventVisibility visibility;

    protected ApplicationEvent() {
    }

    ApplicationEvent(UUID id, UUID applicationId, int seq, Instant at, ActorRole actorRole, String action,
            ApplicationStatus fromStatus, ApplicationStatus toStatus, String comment, EventVisibility visibility) {
        this.id = id;
        this.applicationId = applicationId;
        this.seq = seq;
        this.at = at;
        this.actorRole = actorRole;
        this.action = action;
        this.fromStatus = fromStatus;
        this.toStatus = toStatus;
        this.comment = comment;
        this.visibility = visibility;
    }
}
