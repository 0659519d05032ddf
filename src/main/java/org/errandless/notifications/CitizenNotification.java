package org.errandless.notifications;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A message to a citizen as the citizen lists it ({@code GET /me/notifications}); its deliveries by SMS and push are
 * outbox messages pointing at it. Only messages a citizen may read again later are here: never sign-in codes.
 */
@Entity
@Table(name = "citizen_notification")
public class CitizenNotification extends PanacheEntityBase {

    @Id
    public UUID id;
    /** Insertion order, assigned by the database. */
    @Column(insertable = false, updatable = false)
    public Long seq;
    @Column(name = "recipient_account_id")
    public UUID recipientAccountId;
    @Column(name = "subject_id")
    public UUID subjectId;
    @Enumerated(EnumType.STRING)
    public MessagePurpose purpose;
    public String text;
    @Column(name = "created_at")
    public Instant createdAt;

    @Override
    public String toString() {
        return "CitizenNotification[" + id + ", " + purpose + "]";
    }
}
