package org.errandless.applications;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

/**
 * Lets a test script the answer of the partner department for one application and material; any other fetch goes to
 * whatever fetcher is installed (the default says unavailable; the sharing feature's real one once merged), which
 * this decorates rather than replaces.
 */
@Decorator
@Priority(1)
public class ScriptedSharedMaterialFetcher implements SharedMaterialFetcher {

    static final Map<String, Result> ANSWERS = new ConcurrentHashMap<>();
    static final AtomicInteger CALLS = new AtomicInteger();
    /** Fetches for these applications wait here until the barrier trips (e.g. two submissions at once). */
    static final Map<UUID, CyclicBarrier> GATES = new ConcurrentHashMap<>();

    @Inject
    @Delegate
    SharedMaterialFetcher delegate;

    static void answer(java.util.UUID applicationId, String materialCode, Result result) {
        ANSWERS.put(applicationId + "/" + materialCode, result);
    }

    @Override
    public Result fetch(Request request) {
        CALLS.incrementAndGet();
        CyclicBarrier gate = GATES.get(request.applicationId());
        if (gate != null) {
            try {
                gate.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("The gate of the fetch did not open", e);
            }
        }
        Result scripted = ANSWERS.get(request.applicationId() + "/" + request.materialCode());
        return scripted != null ? scripted : delegate.fetch(request);
    }
}
