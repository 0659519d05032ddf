package org.errandless.notifications;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** A staff member's own inbox ({@code GET /staff/notifications}). */
@ApplicationScoped
public class StaffNotifications {

    /**
     * The staff member's messages, newest first.
     *
     * @param staffId the signed-in staff member (token subject): nobody else's messages are ever read
     * @throws ProblemException 400 {@code validation-failed} for a foreign cursor or a limit outside 1..100
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<StaffNotificationItem> list(UUID staffId, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        long before = Long.MAX_VALUE;
        if (cursor != null) {
            try {
                before = Long.parseLong(Cursors.decode(cursor, 1)[0]);
            } catch (NumberFormatException e) {
                throw ProblemException.validation(
                        List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
            }
        }
        List<StaffNotification> rows = StaffNotification.<StaffNotification>find(
                "recipientStaffId = :staff and seq < :before", Sort.descending("seq"),
                Parameters.with("staff", staffId).and("before", before)).page(0, size + 1).list();
        List<StaffNotification> page = rows.subList(0, Math.min(size, rows.size()));
        List<StaffNotificationItem> items = page.stream().map(row -> new StaffNotificationItem(row.id, row.purpose,
                row.subjectId, row.text, row.createdAt)).toList();
        return new Page<>(items, rows.size() > size ? Cursors.encode(Long.toString(page.get(size - 1).seq)) : null);
    }
}
