package org.errandless.notifications;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The outbox rows as the dispatcher works on them, each step one short transaction of one statement, on the
 * database's clock ({@code clock_timestamp()}), so instances with skewed clocks, and tests with a fixed business clock,
 * agree on what is due and whose lease has ended.
 *
 * <p>A claim takes due PENDING rows no other dispatcher holds ({@code FOR UPDATE SKIP LOCKED}), counts the attempt,
 * stamps them with a fresh claim token and moves them past the lease, all in the one statement: once it commits, no
 * other instance sees them as due until the lease ends. Every outcome is recorded only while the row still carries
 * that claim token; when it does not, the lease ran out and another claim has the message (the answer is false).
 */
@ApplicationScoped
class OutboxClaims {

    private static final String CLAIM = "update outbox_message m set attempts = m.attempts + 1, claim_token = ?, "
            + "next_attempt_at = clock_timestamp() + ? * interval '1 millisecond' "
            + "from (select id from outbox_message where status = 'PENDING' and next_attempt_at <= clock_timestamp() "
            + "order by next_attempt_at, seq limit ? for update skip locked) due "
            + "where m.id = due.id returning m.id, m.channel, m.recipient_cipher, m.recipient_account_id, "
            + "m.subject_id, m.body, m.purpose, m.attempts";

    /** A claimed message, as the claim read it. */
    record Claimed(UUID id, MessageChannel channel, String recipientCipher, UUID recipientAccountId, UUID subjectId,
            String body, MessagePurpose purpose, int attempts) {
    }

    /** What one claim holds, and the token its outcomes are recorded under. */
    record Claim(UUID token, List<Claimed> messages) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** Claims up to {@code size} due messages for {@code lease} from now. */
    Claim claim(int size, Duration lease) {
        UUID token = UUID.randomUUID();
        List<Claimed> messages = QuarkusTransaction.requiringNew().call(() -> {
            List<Claimed> batch = new ArrayList<>(size);
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setObject(1, token);
                claim.setLong(2, lease.toMillis());
                claim.setInt(3, size);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        batch.add(new Claimed(rows.getObject(1, UUID.class),
                                MessageChannel.valueOf(rows.getString(2)), rows.getString(3),
                                rows.getObject(4, UUID.class), rows.getObject(5, UUID.class), rows.getString(6),
                                MessagePurpose.valueOf(rows.getString(7)), rows.getInt(8)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Could not claim outbox messages", e);
            }
            return batch;
        });
        return new Claim(token, messages);
    }

    /** Delivered: SENT, the text removed unless the gateway keeps it (the development one). */
    boolean sent(Claimed message, UUID token, Instant sentAt, boolean keepText) {
        return update("update outbox_message set status = 'SENT', sent_at = ?, last_error = null, claim_token = null, "
                + (keepText ? "redacted = false " : "body = null, redacted = true ")
                + "where id = ? and claim_token = ?", utc(sentAt), message.id(), token) == 1;
    }

    /** Not delivered, to be tried again after {@code pause} from now. */
    boolean retryLater(Claimed message, UUID token, Duration pause, String reason) {
        return update("update outbox_message set next_attempt_at = clock_timestamp() + ? * interval '1 millisecond', "
                + "last_error = ?, claim_token = null where id = ? and claim_token = ?", pause.toMillis(),
                truncate(reason), message.id(), token) == 1;
    }

    /** Given up: FAILED, the text kept for operators. */
    boolean failed(Claimed message, UUID token, String reason) {
        return update("update outbox_message set status = 'FAILED', last_error = ?, claim_token = null "
                + "where id = ? and claim_token = ?", truncate(reason), message.id(), token) == 1;
    }

    /**
     * Hands claimed messages back unsent: due at once, the attempt not counted.
     *
     * @return how many were still this claim's to hand back
     */
    int release(List<Claimed> messages, UUID token) {
        if (messages.isEmpty()) {
            return 0;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement release = connection.prepareStatement("update outbox_message set "
                            + "next_attempt_at = now(), attempts = attempts - 1, claim_token = null "
                            + "where id = any (?) and claim_token = ? and status = 'PENDING'")) {
                Array ids = connection.createArrayOf("uuid", messages.stream().map(Claimed::id).toArray());
                release.setArray(1, ids);
                release.setObject(2, token);
                return release.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not hand outbox messages back", e);
            }
        });
    }

    /** Messages one purge transaction deletes at most. */
    static final int PURGE_BATCH = 1000;

    /**
     * Deletes SENT and FAILED messages created before {@code before}, oldest first, a batch per short transaction (a
     * backlog never becomes one long transaction); rows another instance's purge holds are skipped, not waited for.
     *
     * @return how many went
     */
    int purgeFinished(Instant before) {
        int total = 0;
        int deleted;
        do {
            deleted = update("delete from outbox_message where id in (select id from outbox_message where status in "
                    + "('SENT', 'FAILED') and created_at < ? order by seq limit ? for update skip locked)",
                    utc(before), PURGE_BATCH);
            total += deleted;
        } while (deleted == PURGE_BATCH);
        return total;
    }

    private int update(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement update = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    update.setObject(i + 1, parameters[i]);
                }
                return update.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not write to the outbox", e);
            }
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String truncate(String reason) {
        return reason == null ? null : reason.length() <= 500 ? reason : reason.substring(0, 500);
    }
}
