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
 * A message waiting in, or delivered from, the outbox. The recipient is stored encrypted with a blind index; the body
 * is dropped once a real gateway has delivered it.
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
    @Enumerated(EnumType.STRING)
    public MessagePurpose purpose;
    public String body;
    public boolean redacted;
    @Enumerated(EnumType.STRING)
    public MessageStatus status;
    public int attempts;
    @Column(name = "next_attempt_at")
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
