package org.errandless.notifications;

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

import org.errandless.common.crypto.PersonalDataException;
import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.time.BusinessClock;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Delivers due outbox messages through the configured gateways: SMS through the {@link SmsGateway}, PUSH through the
 * {@link PushGateway}, alike.
 *
 * <p>Each round claims a batch in a short transaction: {@code SELECT ... FOR UPDATE SKIP LOCKED} picks due PENDING
 * rows no other dispatcher holds, and the same statement counts the attempt and reserves the rows for the claim lease
 * (their next attempt moves past now), so once it commits no other instance sees them as due. Delivery then runs
 * outside any transaction, and each outcome is written in its own: SENT (with the text removed unless the gateway is
 * the development one), a retry after an exponentially growing pause, or FAILED after the last attempt or a permanent
 * refusal. An instance that dies mid-batch leaves its messages to be claimed again when the lease ends, so delivery
 * is at least once; the message id travels with every request for providers that drop duplicates.
 */
@ApplicationScoped
public class OutboxDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);

    private static final String CLAIM = "update outbox_message m set attempts = m.attempts + 1, next_attempt_at = ? "
            + "from (select id from outbox_message where status = 'PENDING' "
            + "and next_attempt_at <= ? order by next_attempt_at, seq limit ? for update skip locked) due "
            + "where m.id = due.id returning m.id, m.channel, m.recipient_cipher, m.recipient_account_id, "
            + "m.subject_id, m.body, m.purpose, m.attempts";

    /** What one call to {@link #dispatchDue} did. */
    public record Result(int sent, int retrying, int failed) {

        /** Messages attempted. */
        public int attempted() {
            return sent + retrying + failed;
        }
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    BusinessClock clock;
    @Inject
    PersonalDataProtector protector;
    @Inject
    SmsGateway gateway;
    @Inject
    PushGateway pushGateway;
    @Inject
    NotificationsConfig config;

    @Scheduled(identity = "outbox-dispatch", every = "{errandless.notifications.dispatch-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Result result = dispatchDue();
        if (result.attempted() > 0) {
            LOG.debugf("Outbox: %d sent, %d to retry, %d failed", result.sent(), result.retrying(), result.failed());
        }
    }

    /** Delivers every message due now, batch by batch, until none is left. */
    public Result dispatchDue() {
        return dispatchDue(clock.now());
    }

    /**
     * Delivers every message due at {@code asOf}. Tests pass a later instant to reach retries without waiting, since
     * the business clock stands still there.
     */
    public Result dispatchDue(Instant asOf) {
        int sent = 0;
        int retrying = 0;
        int failed = 0;
        while (true) {
            List<Claimed> batch = QuarkusTransaction.requiringNew().call(() -> claim(asOf));
            for (Claimed message : batch) {
                switch (deliver(message, asOf)) {
                    case SENT -> sent++;
                    case PENDING -> retrying++;
                    case FAILED -> failed++;
                }
            }
            // claimed rows moved past asOf, so a full batch means there may be more, never the same ones again
            if (batch.size() < config.batchSize()) {
                return new Result(sent, retrying, failed);
            }
        }
    }

    private List<Claimed> claim(Instant asOf) {
        List<Claimed> batch = new ArrayList<>(config.batchSize());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setObject(1, utc(asOf.plus(config.claimLease())));
            claim.setObject(2, utc(asOf));
            claim.setInt(3, config.batchSize());
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    batch.add(new Claimed(rows.getObject(1, UUID.class), MessageChannel.valueOf(rows.getString(2)),
                            rows.getString(3), rows.getObject(4, UUID.class), rows.getObject(5, UUID.class),
                            rows.getString(6), MessagePurpose.valueOf(rows.getString(7)), rows.getInt(8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim outbox messages", e);
        }
        return batch;
    }

    private MessageStatus deliver(Claimed message, Instant asOf) {
        return message.channel() == MessageChannel.PUSH ? deliverPush(message, asOf) : deliverSms(message, asOf);
    }

    private MessageStatus deliverSms(Claimed message, Instant asOf) {
        String phone;
        try {
            phone = protector.decrypt(PersonalDataKind.PHONE, message.recipientCipher());
        } catch (PersonalDataException | NullPointerException e) {
            return failed(message, "recipient unreadable under the current data key");
        }
        try {
            gateway.send(new SmsMessage(message.id(), phone, message.body(), message.purpose()));
        } catch (SmsDeliveryException e) {
            return e.permanent() ? failed(message, e.getMessage()) : retryOrFail(message, asOf, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "SMS gateway %s failed unexpectedly on message %s", gateway.name(), message.id());
            return retryOrFail(message, asOf, "gateway error (" + e.getClass().getSimpleName() + ")");
        }
        return sent(message, asOf, gateway.keepsText());
    }

    private MessageStatus deliverPush(Claimed message, Instant asOf) {
        if (message.recipientAccountId() == null || message.body() == null) {
            return failed(message, "no recipient account or no text");
        }
        try {
            pushGateway.send(new PushMessage(message.id(), message.recipientAccountId(), message.body(),
                    message.purpose(), message.subjectId()));
        } catch (PushDeliveryException e) {
            return e.permanent() ? failed(message, e.getMessage()) : retryOrFail(message, asOf, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Push gateway %s failed unexpectedly on message %s", pushGateway.name(), message.id());
            return retryOrFail(message, asOf, "gateway error (" + e.getClass().getSimpleName() + ")");
        }
        return sent(message, asOf, pushGateway.keepsText());
    }

    private MessageStatus sent(Claimed message, Instant asOf, boolean keepText) {
        update("update outbox_message set status = 'SENT', sent_at = ?, last_error = null, "
                + (keepText ? "redacted = false " : "body = null, redacted = true ") + "where id = ?", utc(asOf),
                message.id());
        return MessageStatus.SENT;
    }

    private MessageStatus retryOrFail(Claimed message, Instant asOf, String reason) {
        if (message.attempts() >= config.maxAttempts()) {
            return failed(message, reason);
        }
        Instant next = asOf.plus(backoff(message.attempts()));
        LOG.warnf("%s message %s: attempt %d failed (%s); next attempt at %s", message.channel(), message.id(),
                message.attempts(), reason, next);
        update("update outbox_message set next_attempt_at = ?, last_error = ? where id = ?", utc(next),
                truncate(reason), message.id());
        return MessageStatus.PENDING;
    }

    private MessageStatus failed(Claimed message, String reason) {
        LOG.errorf("%s message %s FAILED after %d attempt(s): %s", message.channel(), message.id(),
                message.attempts(), reason);
        update("update outbox_message set status = 'FAILED', last_error = ? where id = ?", truncate(reason),
                message.id());
        return MessageStatus.FAILED;
    }

    /**
     * Deletes SENT and FAILED messages created before {@code asOf} minus the retention. PENDING ones stay, whatever
     * their age: they are still owed.
     *
     * @return how many went
     */
    public int purgeFinished(Instant asOf) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement delete = connection.prepareStatement("delete from outbox_message "
                            + "where status in ('SENT', 'FAILED') and created_at < ?")) {
                delete.setObject(1, java.time.OffsetDateTime.ofInstant(asOf.minus(config.retention()),
                        java.time.ZoneOffset.UTC));
                return delete.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not purge the outbox", e);
            }
        });
    }

    @Scheduled(identity = "outbox-purge", every = "{errandless.notifications.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        int purged = purgeFinished(clock.now());
        if (purged > 0) {
            LOG.infof("Outbox: deleted %d delivered or failed message(s) past their retention", purged);
        }
    }

    /** The pause after the given number of failed attempts: base, 2 x base, 4 x base, ... up to the maximum. */
    Duration backoff(int failedAttempts) {
        Duration pause = config.retryBackoff().multipliedBy(1L << Math.min(Math.max(failedAttempts - 1, 0), 20));
        return pause.compareTo(config.maxRetryBackoff()) > 0 ? config.maxRetryBackoff() : pause;
    }

    private void update(String sql, Object... parameters) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement update = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    update.setObject(i + 1, parameters[i]);
                }
                update.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not record an outbox delivery", e);
            }
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String truncate(String reason) {
        return reason == null ? null : reason.length() <= 500 ? reason : reason.substring(0, 500);
    }

    private record Claimed(UUID id, MessageChannel channel, String recipientCipher, UUID recipientAccountId,
            UUID subjectId, String body, MessagePurpose purpose, int attempts) {
    }
}
