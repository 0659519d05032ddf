package org.errandless.notifications;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataMasks;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.time.BusinessClock;
import org.jboss.logging.Logger;

/**
 * The notification outbox: where every feature leaves the messages it owes a citizen.
 *
 * <p>A message is written in the caller's transaction, so it exists exactly when the change it tells about commits
 * (no code for a sign-in that rolled back, no silence about a decision that committed). Delivery happens afterwards,
 * by the {@link OutboxDispatcher}, with retries; callers never wait for a provider.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    /** Longest text accepted: a few concatenated SMS segments. */
    public static final int MAX_TEXT_LENGTH = 500;

    @Inject
    PersonalDataProtector protector;
    @Inject
    BusinessClock clock;

    /**
     * Queues a text message to a mainland mobile number, in the caller's transaction (or a new one where there is
     * none).
     *
     * @param phone the recipient, any form {@link PersonalDataKind#PHONE} normalises (e.g. {@code +8613800000001})
     * @param text what to send; it stays readable until a real gateway has delivered it
     * @param purpose why it is sent
     * @return the message id
     */
    @Transactional(TxType.REQUIRED)
    public UUID enqueueSms(String phone, String text, MessagePurpose purpose) {
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(purpose, "purpose");
        if (text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("An SMS text has 1 to " + MAX_TEXT_LENGTH + " characters");
        }
        Instant now = clock.now();
        OutboxMessage message = new OutboxMessage();
        message.id = UUID.randomUUID();
        message.channel = MessageChannel.SMS;
        message.recipientCipher = protector.encrypt(PersonalDataKind.PHONE, phone);
        message.recipientHash = protector.blindIndex(PersonalDataKind.PHONE, phone);
        message.purpose = purpose;
        message.body = text;
        message.status = MessageStatus.PENDING;
        message.attempts = 0;
        message.nextAttemptAt = now;
        message.createdAt = now;
        message.persist();
        LOG.infof("SMS to %s queued (%s, message %s)", PersonalDataMasks.phone(phone), purpose, message.id);
        return message.id;
    }
}
