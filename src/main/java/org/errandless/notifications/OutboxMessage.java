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
 * A message waiting in, or delivered from, the outbox. An SMS recipient is stored encrypted with a blind index, a push
 * is addressed by account id; the body is dropped once a real gateway has delivered it.
 */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    public UUID id;
    /** Insertion order, assigned by the database. */
    @Column(insertable = false, updatable = false)
    public Long seq;
    @Enumerated(EnumType.STRING)
    public MessageChannel channel;
    @Column(name = "recipient_cipher")
    public String recipientCipher;
    @Column(name = "recipient_hash")
    public String recipientHash;
    /** The citizen account it is for, where known (always for PUSH). */
    @Column(name = "recipient_account_id")
    public UUID recipientAccountId;
    /** What it is about, e.g. the application id; may be null. */
    @Column(name = "subject_id")
    public UUID subjectId;
    /** The citizen's notification this delivers, for status-change messages. */
    @Column(name = "notification_id")
    public UUID notificationId;
    @Enumerated(EnumType.STRING)
    public MessagePurpose purpose;
    public String body;
    public boolean redacted;
    @Enumerated(EnumType.STRING)
    public MessageStatus status;
    public int attempts;
    /**
     * When the dispatcher may take it next, on the database's clock: written by the database (due at once on insert,
     * then lease ends and retry pauses), never by this entity.
     */
    @Column(name = "next_attempt_at", insertable = false, updatable = false)
    public Instant nextAttemptAt;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "sent_at")
    public Instant sentAt;

    @Override
    public String toString() {
        return "OutboxMessage[" + id + ", " + channel + ", " + purpose + ", " + status + "]";
    }
}
