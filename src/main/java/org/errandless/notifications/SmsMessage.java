package org.errandless.notifications;

import java.util.UUID;

/**
 * A text message as a gateway delivers it.
 *
 * @param id the outbox message id; stable across retries, so a provider can drop duplicates
 * @param phone the recipient's 11-digit national number (personal data: never log it unmasked)
 * @param text the text (may hold a one-time code: never log it)
 * @param purpose why it is sent
 */
public record SmsMessage(UUID id, String phone, String text, MessagePurpose purpose) {

    @Override
    public String toString() {
        return "SmsMessage[" + id + ", " + purpose + "]";
    }
}
