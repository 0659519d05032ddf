package org.errandless.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.errandless.common.crypto.PersonalDataException;
import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.time.BusinessClock;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Delivers due outbox messages, every channel alike, each through its channel's {@link DeliveryGateway}; every
 * instance runs it, and each message is sent once.
 *
 * <p>A round claims a batch ({@link OutboxClaims#claim}: a short transaction that leases the rows for
 * {@code claim-lease} from the database's current time), then sends them one by one with no transaction open and no
 * connection held, and records each outcome in its own short transaction under the claim's token: SENT, a retry after
 * an exponentially growing pause, or FAILED after the last attempt or a permanent refusal. The next round claims
 * afresh, with a lease from its own moment, until fewer messages than a batch are due.
 *
 * <p>Exactly once rests on three things. The batch fits its lease: {@code batch-size} times the longest send of any
 * gateway must be shorter than the lease (checked at startup), and before each send the dispatcher checks that the send
 * can still finish inside the lease, handing the rest of the batch back otherwise; so no other instance can claim a
 * message while it is being sent. An outcome is recorded only under the claim that sent it. And every message goes to
 * the provider under its own id as {@code Idempotency-Key}: when the outcome of a send cannot be recorded (the database
 * went away, the instance died), the message is due again after the lease and is sent again under the same key, which
 * the provider drops as a duplicate.
 */
@ApplicationScoped
public class OutboxDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);

    /** What one call to {@link #dispatchDue} did. */
    public record Result(int sent, int retrying, int failed) {

        /** Messages attempted. */
        public int attempted() {
            return sent + retrying + failed;
        }
    }

    /**
     * How much one claim takes and for how long.
     *
     * @param batchSize messages per claim
     * @param lease how long the claimed messages are this dispatcher's
     */
    record Limits(int batchSize, Duration lease) {

        Limits {
            Objects.requireNonNull(lease, "lease");
            if (batchSize < 1 || lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("a batch of at least one message, a positive lease");
            }
        }

        /**
         * Refuses a batch that could outlast its lease with these gateways.
         *
         * @throws IllegalStateException when batch size times the longest send of a channel reaches the lease
         */
        void requireFits(DeliveryGateways gateways) {
            for (MessageChannel channel : MessageChannel.values()) {
                Duration longest = gateways.of(channel).longestSend();
                Duration batch = longest.multipliedBy(batchSize);
                if (batch.compareTo(lease) >= 0) {
                    throw new IllegalStateException("errandless.notifications.batch-size (" + batchSize + ") times "
                            + "the longest send of the " + channel + " gateway (" + longest + ": every try of "
                            + channel.settingsPrefix() + ".http at connect-timeout plus read-timeout, and the pauses "
                            + "between them) is " + batch + ", not under errandless.notifications.claim-lease ("
                            + lease + "): a batch could outlast its lease and be sent twice. Lower the batch size or "
                            + "the timeouts, or lengthen the lease.");
                }
            }
        }
    }

    @Inject
    OutboxClaims claims;
    @Inject
    BusinessClock clock;
    @Inject
    PersonalDataProtector protector;
    @Inject
    DeliveryGateways gateways;
    @Inject
    NotificationsConfig config;

    /** Builds the gateways and checks the batch against the lease, so a bad configuration fails the start. */
    void checkAtStartup(@Observes StartupEvent event) {
        limits().requireFits(gateways);
    }

    @Scheduled(identity = "outbox-dispatch", every = "{errandless.notifications.dispatch-every}",
            delayed = "{errandless.jobs.first-dispatch-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Result result = dispatchDue();
        if (result.attempted() > 0) {
            LOG.debugf("Outbox: %d sent, %d to retry, %d failed", result.sent(), result.retrying(), result.failed());
        }
    }

    /** Delivers every message due now, batch by batch, until none is left. */
    public Result dispatchDue() {
        return dispatchDue(gateways, limits());
    }

    /**
     * Delivers every message due now through these gateways, with these limits (tests: a slow gateway, a short lease).
     *
     * @throws IllegalStateException inside a transaction: a send must hold no connection
     */
    Result dispatchDue(DeliveryGateways through, Limits limits) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("The outbox is dispatched outside any transaction");
        }
        int sent = 0;
        int retrying = 0;
        int failed = 0;
        while (true) {
            long claimedAt = System.nanoTime();
            OutboxClaims.Claim claim = claims.claim(limits.batchSize(), limits.lease());
            // the database stamped the lease after claimedAt, so this deadline is never later than the lease's end
            long deadline = claimedAt + limits.lease().toNanos();
            List<OutboxClaims.Claimed> batch = claim.messages();
            for (int i = 0; i < batch.size(); i++) {
                OutboxClaims.Claimed message = batch.get(i);
                DeliveryGateway gateway = through.of(message.channel());
                if (System.nanoTime() + gateway.longestSend().toNanos() >= deadline) {
                    List<OutboxClaims.Claimed> rest = batch.subList(i, batch.size());
                    int handedBack = claims.release(rest, claim.token());
                    LOG.warnf("Outbox: the claim's lease is nearly over, %d message(s) handed back unsent",
                            handedBack);
                    if (i == 0) {
                        return new Result(sent, retrying, failed);
                    }
                    break;
                }
                MessageStatus outcome;
                try {
                    outcome = deliver(message, gateway, claim.token());
                } catch (RuntimeException e) {
                    // the outcome could not be recorded: the message is due again when the lease ends and goes out
                    // again under the same idempotency key; the rest of the batch waits for that too
                    LOG.errorf(e, "Outbox: could not record the outcome of %s message %s; stopping this round",
                            message.channel(), message.id());
                    return new Result(sent, retrying, failed);
                }
                switch (outcome) {
                    case SENT -> sent++;
                    case PENDING -> retrying++;
                    case FAILED -> failed++;
                }
            }
            // claimed rows moved past now, so a full batch means there may be more, never the same ones again
            if (batch.size() < limits.batchSize()) {
                return new Result(sent, retrying, failed);
            }
        }
    }

    private MessageStatus deliver(OutboxClaims.Claimed message, DeliveryGateway gateway, UUID token) {
        OutgoingMessage outgoing;
        try {
            outgoing = outgoing(message);
        } catch (DeliveryException e) {
            return failed(message, token, e.getMessage());
        }
        try {
            gateway.send(outgoing);
        } catch (DeliveryException e) {
            return e.permanent() ? failed(message, token, e.getMessage())
                    : retryOrFail(message, token, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s gateway %s failed unexpectedly on message %s", message.channel(), gateway.name(),
                    message.id());
            return retryOrFail(message, token, "gateway error (" + e.getClass().getSimpleName() + ")");
        }
        if (!claims.sent(message, token, clock.now(), gateway.keepsText())) {
            lostLease(message);
        }
        return MessageStatus.SENT;
    }

    /** The message as its gateway takes it. */
    private OutgoingMessage outgoing(OutboxClaims.Claimed message) throws DeliveryException {
        return switch (message.channel()) {
            case SMS -> {
                String phone;
                try {
                    phone = protector.decrypt(PersonalDataKind.PHONE, message.recipientCipher());
                } catch (PersonalDataException | NullPointerException e) {
                    throw new DeliveryException("recipient unreadable under the current data key", true);
                }
                yield new OutgoingMessage(message.id(), MessageChannel.SMS, phone, message.recipientAccountId(),
                        message.body(), message.purpose(), message.subjectId());
            }
            case PUSH -> {
                if (message.recipientAccountId() == null || message.body() == null) {
                    throw new DeliveryException("no recipient account or no text", true);
                }
                yield new OutgoingMessage(message.id(), MessageChannel.PUSH, null, message.recipientAccountId(),
                        message.body(), message.purpose(), message.subjectId());
            }
        };
    }

    private MessageStatus retryOrFail(OutboxClaims.Claimed message, UUID token, String reason) {
        if (message.attempts() >= config.maxAttempts()) {
            return failed(message, token, reason);
        }
        Duration pause = backoff(message.attempts());
        LOG.warnf("%s message %s: attempt %d failed (%s); next attempt in %s", message.channel(), message.id(),
                message.attempts(), reason, pause);
        if (!claims.retryLater(message, token, pause, reason)) {
            lostLease(message);
        }
        return MessageStatus.PENDING;
    }

    private MessageStatus failed(OutboxClaims.Claimed message, UUID token, String reason) {
        LOG.errorf("%s message %s FAILED after %d attempt(s): %s", message.channel(), message.id(),
                message.attempts(), reason);
        if (!claims.failed(message, token, reason)) {
            lostLease(message);
        }
        return MessageStatus.FAILED;
    }

    private static void lostLease(OutboxClaims.Claimed message) {
        LOG.warnf("%s message %s: another claim took it before this outcome was recorded; that claim decides "
                + "(a second send carries the same Idempotency-Key)", message.channel(), message.id());
    }

    /**
     * Deletes SENT and FAILED messages created before {@code asOf} minus the retention. PENDING ones stay, whatever
     * their age: they are still owed.
     *
     * @return how many went
     */
    public int purgeFinished(Instant asOf) {
        return claims.purgeFinished(asOf.minus(config.retention()));
    }

    @Scheduled(identity = "outbox-purge", every = "{errandless.notifications.purge-every}",
            delayed = "{errandless.jobs.first-run-after}",
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

    private Limits limits() {
        return new Limits(config.batchSize(), config.claimLease());
    }
}
