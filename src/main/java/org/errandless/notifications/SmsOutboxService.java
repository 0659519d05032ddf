package org.errandless.notifications;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
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
 * The development SMS outbox: with the log gateway no message leaves the system, so an admin (a tester, a demo
 * presenter) reads the texts here. Where a real gateway delivers, the outbox is not readable at all (404), and
 * delivered texts are gone anyway. Every read is on the audit trail, since it shows a citizen's messages.
 */
@ApplicationScoped
public class SmsOutboxService {

    @Inject
    SmsGateway gateway;
    @Inject
    PersonalDataProtector protector;
    @Inject
    AuditTrail audit;

    /**
     * The messages to one phone, newest first.
     *
     * @param phone the recipient, E.164 or 11 digits
     * @param cursor {@code nextCursor} of the previous page, or null
     * @param limit page size as sent, or null
     * @param adminId the reading admin's account id, for the audit trail
     * @throws ProblemException 404 {@code not-found} where the development gateway is off; 400
     *         {@code validation-failed} for a missing or malformed phone, limit or cursor
     */
    @Transactional
    public Page<SmsOutboxEntry> list(String phone, String cursor, String limit, String adminId) {
        if (!gateway.keepsText()) {
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
        Integer size = null;
        if (limit != null) {
            try {
                size = Integer.valueOf(limit.strip());
            } catch (NumberFormatException e) {
                invalid.add(new Problem.InvalidParam("limit", "must be a whole number", "wrong-type"));
            }
        }
        if (!invalid.isEmpty()) {
            throw ProblemException.validation(invalid);
        }
        int pageSize = Cursors.limit(size);
        long before = cursor == null ? Long.MAX_VALUE : decodeCursor(cursor);

        String recipientHash = protector.blindIndex(PersonalDataKind.PHONE, national);
        List<OutboxMessage> rows = OutboxMessage.<OutboxMessage>find(
                "recipientHash = :hash and channel = :channel and seq < :before", Sort.descending("seq"),
                Parameters.with("hash", recipientHash).and("channel", MessageChannel.SMS).and("before", before))
                .page(0, pageSize + 1).list();
        String masked = PersonalDataMasks.phone(national);
        List<SmsOutboxEntry> items = rows.stream().limit(pageSize).map(message -> new SmsOutboxEntry(message.id,
                masked, message.purpose, message.body, message.redacted, message.status, message.attempts,
                message.lastError, message.createdAt, message.sentAt)).toList();
        String next = rows.size() > pageSize ? Cursors.encode(Long.toString(rows.get(pageSize - 1).seq)) : null;

        audit.record(AuditEntry.success(AuditActor.staff(adminId, "ADMIN"), "admin.sms-outbox.read")
                .detail("messages", Integer.toString(items.size())).detail("recipientIndex", recipientHash));
        return new Page<>(items, next);
    }

    private static long decodeCursor(String cursor) {
        String key = Cursors.decode(cursor, 1)[0];
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw ProblemException.validation(
                    List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
        }
    }
}
