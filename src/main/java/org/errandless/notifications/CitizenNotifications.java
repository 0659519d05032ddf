package org.errandless.notifications;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** A citizen's own messages ({@code GET /me/notifications}), with how far their deliveries got. */
@ApplicationScoped
public class CitizenNotifications {

    /**
     * The account's messages, newest first.
     *
     * @param accountId the signed-in citizen (token subject): nobody else's messages are ever read
     * @param cursor {@code nextCursor} of the previous page, or null
     * @param limit the page size asked for, or null
     * @throws ProblemException 400 {@code validation-failed} for a foreign cursor or a limit outside 1..100
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<NotificationItem> list(UUID accountId, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        long before = cursor == null ? Long.MAX_VALUE : decodeCursor(cursor);
        List<CitizenNotification> rows = CitizenNotification.<CitizenNotification>find(
                "recipientAccountId = :account and seq < :before", Sort.descending("seq"),
                Parameters.with("account", accountId).and("before", before)).page(0, size + 1).list();
        List<CitizenNotification> page = rows.subList(0, Math.min(size, rows.size()));
        Map<UUID, Map<MessageChannel, MessageStatus>> states = new HashMap<>();
        if (!page.isEmpty()) {
            List<UUID> ids = page.stream().map(notification -> notification.id).toList();
            for (OutboxMessage delivery : OutboxMessage.<OutboxMessage>list("notificationId in ?1", ids)) {
                states.computeIfAbsent(delivery.notificationId, ignored -> new EnumMap<>(MessageChannel.class))
                        .put(delivery.channel, delivery.status);
            }
        }
        List<NotificationItem> items = page.stream().map(notification -> new NotificationItem(notification.id,
                notification.subjectId, notification.text, notification.createdAt,
                states.getOrDefault(notification.id, Map.of()))).toList();
        String next = rows.size() > size ? Cursors.encode(Long.toString(page.get(size - 1).seq)) : null;
        return new Page<>(items, next);
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
