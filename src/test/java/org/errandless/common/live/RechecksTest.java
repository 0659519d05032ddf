package org.errandless.common.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The re-checks after a reconnect of the live feed go out in bounded batches, a pause between two, and a newer round
 * supersedes an older one. Driven by a hand-cranked scheduler: each crank runs the next scheduled batch.
 */
class RechecksTest {

    /** Records what is scheduled; {@link #crank()} runs the oldest task. */
    static final class HandCrank implements Rechecks.Scheduler {
        final Deque<Runnable> tasks = new ArrayDeque<>();
        final List<Duration> delays = new ArrayList<>();

        @Override
        public void schedule(Runnable task, Duration delay) {
            tasks.add(task);
            delays.add(delay);
        }

        void crank() {
            tasks.removeFirst().run();
        }
    }

    private static List<Runnable> counting(int count, AtomicInteger woken) {
        List<Runnable> wakeUps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            wakeUps.add(woken::incrementAndGet);
        }
        return wakeUps;
    }

    @Test
    void wakesInBatchesWithAPauseBetweenThem() {
        HandCrank scheduler = new HandCrank();
        Rechecks rechecks = new Rechecks(scheduler, 10, Duration.ofMillis(100));
        AtomicInteger woken = new AtomicInteger();
        rechecks.start(counting(25, woken));
        assertEquals(0, woken.get(), "nothing runs on the listener's thread");
        scheduler.crank();
        assertEquals(10, woken.get());
        scheduler.crank();
        assertEquals(20, woken.get());
        scheduler.crank();
        assertEquals(25, woken.get());
        assertTrue(scheduler.tasks.isEmpty(), "done after the last batch");
        assertEquals(List.of(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(100)), scheduler.delays);
    }

    @Test
    void aNewRoundSupersedesTheOneInProgress() {
        HandCrank scheduler = new HandCrank();
        Rechecks rechecks = new Rechecks(scheduler, 10, Duration.ofMillis(100));
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        rechecks.start(counting(30, first));
        scheduler.crank();
        assertEquals(10, first.get());
        rechecks.start(counting(15, second));
        // the old round's next batch finds itself superseded and stops
        scheduler.crank();
        assertEquals(10, first.get());
        scheduler.crank();
        scheduler.crank();
        assertEquals(15, second.get());
        assertTrue(scheduler.tasks.isEmpty());
    }

    @Test
    void aFailingWakeUpDoesNotStopTheBatch() {
        HandCrank scheduler = new HandCrank();
        Rechecks rechecks = new Rechecks(scheduler, 5, Duration.ofMillis(1));
        AtomicInteger woken = new AtomicInteger();
        List<Runnable> wakeUps = counting(4, woken);
        wakeUps.add(1, () -> {
            throw new IllegalStateException("a waiter that throws");
        });
        rechecks.start(wakeUps);
        scheduler.crank();
        assertEquals(4, woken.get());
    }

    @Test
    void nothingToWakeSchedulesNothingAndABatchHasAtLeastOne() {
        HandCrank scheduler = new HandCrank();
        new Rechecks(scheduler, 10, Duration.ofMillis(100)).start(List.of());
        assertTrue(scheduler.tasks.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new Rechecks(scheduler, 0, Duration.ZERO));
    }
}
