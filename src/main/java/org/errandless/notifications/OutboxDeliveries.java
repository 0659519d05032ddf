package org.errandless.notifications;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.crypto.PersonalDataException;
import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataMasks;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.validation.MainlandMobile;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * The outbox as admins read it. {@link #list}: the delivery state of every channel, what is pending, sent, and above
 * all FAILED (after the last attempt or a refusal), with the reason; never the texts, phones masked.
 * {@link #smsTo}: the development SMS outbox, where no message leaves the system (the log gateway) and an admin (a
 * tester, a demo presenter) reads the texts sent to one phone; where a real gateway delivers it does not exist (404),
 * and delivered texts are gone anyway. Every read is on the audit trail, since it shows a citizen's messages.
 */
@ApplicationScoped
public class OutboxDeliveries {

    @Inject
    PersonalDataProtector protector;
    @Inject
    AuditTrail audit;
    @Inject
    DeliveryGateways gateways;

    /**
     * Messages newest first, optionally of one status and one channel.
     *
     * @throws ProblemException 400 {@code validation-failed} for an unknown status or channel, a bad limit or cursor
     */
    @Transactional
    public Page<OutboxEntry> list(String status, String channel, String cursor, String limit, String adminId) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        MessageStatus wantedStatus = parse(MessageStatus.class, "status", status, invalid);
        MessageChannel wantedChannel = parse(MessageChannel.class, "channel", channel, invalid);
        Integer requested = limit(limit, invalid);
        if (!invalid.isEmpty()) {
            throw ProblemException.validation(invalid);
        }
        int size = Cursors.limit(requested);
        long before = cursor == null ? Long.MAX_VALUE : decodeCursor(cursor);
        StringBuilder query = new StringBuilder("seq < :before");
        Parameters parameters = Parameters.with("before", before);
        if (wantedStatus != null) {
            query.append(" and status = :status");
            parameters.and("status", wantedStatus);
        }
        if (wantedChannel != null) {
            query.append(" and channel = :channel");
            parameters.and("channel", wantedChannel);
        }
        List<OutboxMessage> rows = OutboxMessage.<OutboxMessage>find(query.toString(), Sort.descending("seq"),
                parameters).page(0, size + 1).list();
        List<OutboxEntry> items = rows.stream().limit(size).map(this::entry).toList();
        String next = rows.size() > size ? Cursors.encode(Long.toString(rows.get(size - 1).seq)) : null;
        audit.record(AuditEntry.success(AuditActor.staff(adminId, "ADMIN"), "admin.outbox.read")
                .detail("messages", Integer.toString(items.size()))
                .detail("status", wantedStatus == null ? "any" : wantedStatus.name())
                .detail("channel", wantedChannel == null ? "any" : wantedChannel.name()));
        return new Page<>(items, next);
    }

    /**
     * The development SMS outbox: the text messages to one phone, newest first, with their texts.
     *
     * @param phone the recipient, E.164 or 11 digits
     * @param cursor {@code nextCursor} of the previous page, or null
     * @param limit page size as sent, or null
     * @param adminId the reading admin's account id, for the audit trail
     * @throws ProblemException 404 {@code not-found} where the SMS channel's gateway is not the development one; 400
     *         {@code validation-failed} for a missing or malformed phone, limit or cursor
     */
    @Transactional
    public Page<SmsOutboxEntry> smsTo(String phone, String cursor, String limit, String adminId) {
        if (!gateways.of(MessageChannel.SMS).keepsText()) {
            throw ProblemException.notFound("SMS outbox (only the development SMS gateway keeps one)");
        }
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        String national = null;
        if (phone == null || phone.isBlank()) {
            invalid.add(new Problem.InvalidParam("phone", "is required", "required"));
        } else {
            national = MainlandMobile.national(phone).orElse(null);
            if (national == null) {
                invalid.add(new Problem.InvalidParam("phone", MainlandMobile.MESSAGE, "wrong-format"));
            }
        }
        Integer requested = limit(limit, invalid);
        if (!invalid.isEmpty()) {
            throw ProblemException.validation(invalid);
        }
        int size = Cursors.limit(requested);
        long before = cursor == null ? Long.MAX_VALUE : decodeCursor(cursor);

        String recipientHash = protector.blindIndex(PersonalDataKind.PHONE, national);
        List<OutboxMessage> rows = OutboxMessage.<OutboxMessage>find(
                "recipientHash = :hash and channel = :channel and seq < :before", Sort.descending("seq"),
                Parameters.with("hash", recipientHash).and("channel", MessageChannel.SMS).and("before", before))
                .page(0, size + 1).list();
        String masked = PersonalDataMasks.phone(national);
        List<SmsOutboxEntry> items = rows.stream().limit(size).map(message -> new SmsOutboxEntry(message.id,
                masked, message.purpose, message.body, message.redacted, message.status, message.attempts,
                message.lastError, message.createdAt, message.sentAt)).toList();
        String next = rows.size() > size ? Cursors.encode(Long.toString(rows.get(size - 1).seq)) : null;

        audit.record(AuditEntry.success(AuditActor.staff(adminId, "ADMIN"), "admin.sms-outbox.read")
                .detail("messages", Integer.toString(items.size())).detail("recipientIndex", recipientHash));
        return new Page<>(items, next);
    }

    private OutboxEntry entry(OutboxMessage message) {
        String phone = null;
        if (message.recipientCipher != null) {
            try {
                phone = PersonalDataMasks.phone(protector.decrypt(PersonalDataKind.PHONE, message.recipientCipher));
            } catch (PersonalDataException e) {
                phone = "unreadable";
            }
        }
        return new OutboxEntry(message.id, message.channel, message.purpose, phone, message.recipientAccountId,
                message.subjectId, message.status, message.attempts, message.lastError, message.createdAt,
                message.status == MessageStatus.PENDING ? message.nextAttemptAt : null, message.sentAt);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value,
            List<Problem.InvalidParam> invalid) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            invalid.add(new Problem.InvalidParam(name, "is not one of " + java.util.Arrays.toString(
                    type.getEnumConstants()), "not-allowed"));
            return null;
        }
    }

    private static Integer limit(String value, List<Problem.InvalidParam> invalid) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            invalid.add(new Problem.InvalidParam("limit", "must be a whole number", "wrong-type"));
            return null;
        }
    }

    private static long decodeCursor(String cursor) {
        try {
            return Long.parseLong(Cursors.decode(cursor, 1)[0]);
        } catch (NumberFormatException e) {
            throw ProblemException.validation(
                    List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
        }
    }
}
