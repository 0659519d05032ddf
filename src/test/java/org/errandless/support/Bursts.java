package org.errandless.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Latch-released bursts of parallel requests: every thread is started and waits at a gate, then all go at once. No
 * sleeps: whoever needs to act while the burst is in flight (release a stub that holds requests, read the database)
 * waits on a latch of its own, counted down by the requests or by the stub.
 */
public final class Bursts {

    /** How long a burst may take before the test fails instead of hanging. */
    private static final long TIMEOUT_SECONDS = 180;

    private Bursts() {
    }

    /** A burst in flight. */
    public static final class Burst<T> {

        private final ExecutorService pool;
        private final List<Future<T>> futures;

        private Burst(ExecutorService pool, List<Future<T>> futures) {
            this.pool = pool;
            this.futures = futures;
        }

        /** Waits for every call of the burst and answers their results in start order. */
        public List<T> results() throws Exception {
            try {
                List<T> results = new ArrayList<>();
                for (Future<T> future : futures) {
                    results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
                }
                return results;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Starts {@code size} calls at once and returns while they run. */
    public static <T> Burst<T> start(int size, Callable<T> call) throws InterruptedException {
        return start(java.util.Collections.nCopies(size, call));
    }

    /** Starts these calls at once and returns while they run. */
    public static <T> Burst<T> start(List<Callable<T>> calls) throws InterruptedException {
        int size = calls.size();
        ExecutorService pool = Executors.newFixedThreadPool(size);
        CountDownLatch ready = new CountDownLatch(size);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> call : calls) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return call.call();
            }));
        }
        if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new IllegalStateException("the burst's threads did not start");
        }
        go.countDown();
        return new Burst<>(pool, futures);
    }

    /** Runs {@code size} calls at once and answers their results. */
    public static <T> List<T> run(int size, Callable<T> call) throws Exception {
        return start(size, call).results();
    }

    /** Waits for a latch, failing the test (not hanging it) when it does not open in time. */
    public static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("timed out waiting until " + what + " (" + latch.getCount() + " to go)");
        }
    }

    /** A stub behaviour's wait for the test's signal; an interrupt (the stub closing) ends it. */
    public static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
