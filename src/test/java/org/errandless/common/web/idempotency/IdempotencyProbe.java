package org.errandless.common.web.idempotency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What {@link IdempotencyProbeResource} did, per request name: how often it ran (the side effect), and latches
 * that hold the next request inside the endpoint until the test lets it go. Tests use fresh names, so they never
 * share state.
 */
@ApplicationScoped
public class IdempotencyProbe {

    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();

    private record Hold(CountDownLatch entered, CountDownLatch release, AtomicBoolean taken) {
    }

    /** Counts one execution of the endpoint for this name; returns its number (1 for the first). */
    int execute(String name) {
        return executions.computeIfAbsent(name, ignored -> new AtomicInteger()).incrementAndGet();
    }

    /** How often the endpoint ran for this name. */
    public int executions(String name) {
        AtomicInteger count = executions.get(name);
        return count == null ? 0 : count.get();
    }

    /** Makes the next request with this name wait inside the endpoint until {@link #release(String)}. */
    public void holdInside(String name) {
        holds.put(name, new Hold(new CountDownLatch(1), new CountDownLatch(1), new AtomicBoolean()));
    }

    /** Waits until the held request with this name is inside the endpoint. */
    public boolean awaitInside(String name) throws InterruptedException {
        return holds.get(name).entered().await(30, TimeUnit.SECONDS);
    }

    /** Lets the held request with this name finish. */
    public void release(String name) {
        holds.get(name).release().countDown();
    }

    void pauseIfHeld(String name) {
        Hold hold = holds.get(name);
        if (hold == null || !hold.taken().compareAndSet(false, true)) {
            return;
        }
        hold.entered().countDown();
        try {
            if (!hold.release().await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released " + name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
