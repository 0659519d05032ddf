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
 * A message to a staff member as their inbox lists it ({@code GET /staff/notifications}), e.g. a deadline warning;
 * its push delivery is an outbox message addressed to the staff account.
 */
@Entity
@Table(name = "staff_notification")
public class StaffNotification extends PanacheEntityBase {

    @Id
    public UUID id;
    /** Insertion order, assigned by the database. */
    @Column(insertable = false, updatable = false)
    public Long seq;
    @Column(name = "recipient_staff_id")
    public UUID recipientStaffId;
    @Column(name = "subject_id")
    public UUID subjectId;
    @Enumerated(EnumType.STRING)
    public MessagePurpose purpose;
    public String text;
    @Column(name = "created_at")
    public Instant createdAt;

    @Override
    public String toString() {
        return "StaffNotification[" + id + ", " + purpose + "]";
    }
}
