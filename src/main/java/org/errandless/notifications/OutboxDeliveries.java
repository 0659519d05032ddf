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
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * The delivery state of the outbox for admins, every channel: what is pending, sent, and above all FAILED (after the
 * last attempt or a refusal), with the reason. Texts are never shown here (the development SMS outbox is the place
 * for those); phones are masked. Every read is on the audit trail.
 */
@ApplicationScoped
public class OutboxDeliveries {

    @Inject
    PersonalDataProtector protector;
    @Inject
    AuditTrail audit;

    /**
     * Messages newest first, optionally of one status and one channel.
     *
     * @throws ProblemException 400 {@code validation-failed} for an unknown status or channel, a bad limit or cursor
     */
    @Transactional
    public Page<OutboxEntry> list(String status, String channel, String cursor, Integer limit, String adminId) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        MessageStatus wantedStatus = parse(MessageStatus.class, "status", status, invalid);
        MessageChannel wantedChannel = parse(MessageChannel.class, "channel", channel, invalid);
        if (!invalid.isEmpty()) {
            throw ProblemException.validation(invalid);
        }
        int size = Cursors.limit(limit);
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

    private static long decodeCursor(String cursor) {
        try {
            return Long.parseLong(Cursors.decode(cursor, 1)[0]);
        } catch (NumberFormatException e) {
            throw ProblemException.validation(
                    List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
        }
    }
}
