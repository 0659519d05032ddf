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
 * The notification outbox: where every feature leaves the messages it owes a citizen (or a staff member).
 *
 * <p>A message is written in the caller's transaction, so it exists exactly when the change it tells about commits
 * (no code for a sign-in that rolled back, no silence about a decision that committed). Delivery happens afterwards,
 * by the {@link OutboxDispatcher}, with retries; callers never wait for a provider. A message is due from the moment
 * it is written (the database's clock); its {@code createdAt} is the business clock's, like every time people see.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    /** Longest text accepted: a few concatenated SMS segments. */
    public static final int MAX_TEXT_LENGTH = 500;
    /** The sender's signature every SMS to a citizen starts with (China's SMS rules require one). */
    public static final String SMS_SIGNATURE = "【重庆户籍】";

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
        message.createdAt = now;
        message.persist();
        LOG.infof("SMS to %s queued (%s, message %s)", PersonalDataMasks.phone(phone), purpose, message.id);
        return message.id;
    }

    /**
     * Tells a citizen about something (an application's new status), in the caller's transaction (or a new one where
     * there is none): the message joins the citizen's own list ({@code GET /me/notifications}) and is queued on both
     * channels, SMS (with {@link #SMS_SIGNATURE} in front) and PUSH. If the transaction rolls back, none of it exists.
     *
     * @param accountId the citizen account; receives the push and owns the list entry
     * @param phone the account's phone, any form {@link PersonalDataKind#PHONE} normalises
     * @param subjectId what it is about, e.g. the application id; may be null
     * @param text what to say, without signature: short, and nothing the citizen does not know already
     * @return the id of the citizen's notification (its deliveries point at it)
     */
    @Transactional(TxType.REQUIRED)
    public UUID notifyCitizen(UUID accountId, String phone, UUID subjectId, String text) {
        return notifyCitizen(accountId, phone, subjectId, MessagePurpose.STATUS_CHANGED, text);
    }

    /**
     * Tells a citizen about something, as {@link #notifyCitizen(UUID, String, UUID, String)} does, for another
     * purpose than a status change (e.g. {@link MessagePurpose#APPOINTMENT_REMINDER}).
     */
    @Transactional(TxType.REQUIRED)
    public UUID notifyCitizen(UUID accountId, String phone, UUID subjectId, MessagePurpose purpose, String text) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(text, "text");
        if (text.isBlank() || text.length() + SMS_SIGNATURE.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(
                    "A notification text has 1 to " + (MAX_TEXT_LENGTH - SMS_SIGNATURE.length()) + " characters");
        }
        Instant now = clock.now();
        CitizenNotification notification = new CitizenNotification();
        notification.id = UUID.randomUUID();
        notification.recipientAccountId = accountId;
        notification.subjectId = subjectId;
        notification.purpose = purpose;
        notification.text = text;
        notification.createdAt = now;
        notification.persist();

        OutboxMessage sms = pending(MessageChannel.SMS, purpose, SMS_SIGNATURE + text, now);
        sms.recipientCipher = protector.encrypt(PersonalDataKind.PHONE, phone);
        sms.recipientHash = protector.blindIndex(PersonalDataKind.PHONE, phone);
        sms.recipientAccountId = accountId;
        sms.subjectId = subjectId;
        sms.notificationId = notification.id;
        sms.persist();
        OutboxMessage push = pending(MessageChannel.PUSH, purpose, text, now);
        push.recipientAccountId = accountId;
        push.subjectId = subjectId;
        push.notificationId = notification.id;
        push.persist();
        LOG.infof("Notification %s to account %s queued (SMS %s, push %s)", notification.id, accountId, sms.id,
                push.id);
        return notification.id;
    }

    /**
     * Tells a staff member (officer, supervisor) about something, in the caller's transaction (or a new one where
     * there is none): the message joins the staff member's inbox ({@code GET /staff/notifications}) and is queued as
     * a PUSH to the staff app, addressed by the staff account's id like a citizen's push by theirs. No SMS: staff
     * phone numbers are not kept. If the transaction rolls back, none of it exists.
     *
     * @param staffAccountId the staff account (the subject of its tokens)
     * @param subjectId what it is about, e.g. the application id; may be null
     * @param purpose why, e.g. {@link MessagePurpose#DEADLINE_WARNING}
     * @param text what to say: short; the staff app shows the details after sign-in
     * @return the id of the inbox entry
     */
    @Transactional(TxType.REQUIRED)
    public UUID notifyStaff(UUID staffAccountId, UUID subjectId, MessagePurpose purpose, String text) {
        Objects.requireNonNull(staffAccountId, "staffAccountId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(text, "text");
        if (text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("A staff notification text has 1 to " + MAX_TEXT_LENGTH + " characters");
        }
        Instant now = clock.now();
        StaffNotification notification = new StaffNotification();
        notification.id = UUID.randomUUID();
        notification.recipientStaffId = staffAccountId;
        notification.subjectId = subjectId;
        notification.purpose = purpose;
        notification.text = text;
        notification.createdAt = now;
        notification.persist();
        OutboxMessage push = pending(MessageChannel.PUSH, purpose, text, now);
        push.recipientAccountId = staffAccountId;
        push.subjectId = subjectId;
        push.persist();
        LOG.debugf("Staff notification %s to staff %s queued (push %s)", notification.id, staffAccountId, push.id);
        return notification.id;
    }

    private static OutboxMessage pending(MessageChannel channel, MessagePurpose purpose, String body, Instant now) {
        OutboxMessage message = new OutboxMessage();
        message.id = UUID.randomUUID();
        message.channel = channel;
        message.purpose = purpose;
        message.body = body;
        message.status = MessageStatus.PENDING;
        message.attempts = 0;
        message.createdAt = now;
        return message;
    }
}
