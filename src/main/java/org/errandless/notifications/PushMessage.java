package org.errandless.notifications;

import java.util.UUID;

/**
 * One push notification as a gateway sends it.
 *
 * @param id the outbox message id (the provider's idempotency key)
 * @param accountId the citizen account whose devices receive it
 * @param text what the notification says
 * @param purpose why it is sent
 * @param subjectId what it is about (the app opens it), e.g. an application id; may be null
 */
public record PushMessage(UUID id, UUID accountId, String text, MessagePurpose purpose, UUID subjectId) {

    @Override
    public String toString() {
        return "PushMessage[" + id + ", " + purpose + "]";
    }
}
