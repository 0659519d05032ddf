package org.errandless.notifications;

import java.util.UUID;

/**
 * A message as a gateway delivers it.
 *
 * @param id the outbox message id: the same on every attempt, on every instance
 * @param channel how it travels
 * @param phone SMS: the recipient's 11-digit national number (personal data: never log it unmasked); null for PUSH
 * @param accountId the citizen account it is for; PUSH: the account whose devices receive it; may be null for SMS
 * @param text what it says (may hold a one-time code: never log it)
 * @param purpose why it is sent
 * @param subjectId what it is about (the app opens it), e.g. an application id; may be null
 */
public record OutgoingMessage(UUID id, MessageChannel channel, String phone, UUID accountId, String text,
        MessagePurpose purpose, UUID subjectId) {

    /**
     * The key a provider drops duplicates by: the message id, so a message sent again after its outcome could not be
     * recorded (a database outage, an instance that died after sending) reaches the citizen once.
     */
    public String idempotencyKey() {
        return id.toString();
    }

    @Override
    public String toString() {
        return "OutgoingMessage[" + id + ", " + channel + ", " + purpose + "]";
    }
}
