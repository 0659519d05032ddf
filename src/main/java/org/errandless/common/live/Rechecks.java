package org.errandless.common.live;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * Wakes everybody who waited through a gap of the live feed (a reconnect of its listener) in bounded batches, a pause
 * between batches, so 10,000 open streams do not hit the database in the same second the database came back.
 *
 * <p>A new round (another reconnect) supersedes the one in progress: its snapshot holds everybody the old one had not
 * reached yet. Each wake-up is a short, non-blocking action (completing a future, flagging a stream); the re-checks
 * they cause run elsewhere.
 */
final class Rechecks {

    private static final Logger LOG = Logger.getLogger(Rechecks.class);

    /** Runs a task after a pause; the live feed's timer in production, a hand-cranked one in tests. */
    interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    private final Scheduler scheduler;
    private final int batchSize;
    private final Duration pause;
    private final AtomicLong round = new AtomicLong();

    Rechecks(Scheduler scheduler, int batchSize, Duration pause) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("errandless.live-feed.recheck-batch-size must be at least 1");
        }
        this.scheduler = scheduler;
        this.batchSize = batchSize;
        this.pause = pause;
    }

    /** Starts a round over these wake-ups: the first batch at once (on the scheduler), the next after each pause. */
    void start(List<Runnable> wakeUps) {
        long current = round.incrementAndGet();
        if (wakeUps.isEmpty()) {
            return;
        }
        LOG.debugf("Live feed: %d waiters re-check in batches of %d", wakeUps.size(), batchSize);
        scheduler.schedule(() -> batch(current, wakeUps, 0), Duration.ZERO);
    }

    private void batch(long current, List<Runnable> wakeUps, int from) {
        if (round.get() != current) {
            // superseded by a newer round, which covers whoever is still waiting
            return;
        }
        int to = Math.min(wakeUps.size(), from + batchSize);
        for (int i = from; i < to; i++) {
            try {
                wakeUps.get(i).run();
            } catch (RuntimeException e) {
                LOG.warn("Live feed: a waiter failed to wake", e);
            }
        }
        if (to < wakeUps.size()) {
            scheduler.schedule(() -> batch(current, wakeUps, to), pause);
        }
    }
}
