package org.errandless.applications;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.errandless.applications.ApplicationService.TimelineRead;
import org.errandless.common.live.LiveFeed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Waiting for an application's timeline without holding a worker thread or a database connection: the long-poll and
 * the event stream, both driven by the {@link LiveFeed} key {@link ApplicationService#liveKey} that every appended
 * event publishes in its transaction.
 *
 * <p>Each step keeps the feed's order: register a waiter (a long-poll) or subscribe (a stream), then read (in a short
 * transaction of its own), then wait; a commit between the read and the wait therefore wakes the waiter instead of
 * being missed. A wake-up means "look again": the re-read may find nothing the caller may see (an INTERNAL note for a
 * citizen), and the wait goes on until its deadline. Re-reads run on a worker thread; between them only a future (or
 * a subscription) in the feed's maps remains, and the database is read only when the feed says something changed.
 */
@ApplicationScoped
public class LiveTimeline {

    @Inject
    ApplicationService applications;
    @Inject
    LiveFeed feed;
    @Inject
    TimelineConfig config;
    @Inject
    ObjectMapper json;

    private final Executor workers = command -> Infrastructure.getDefaultWorkerPool().execute(command);
    /** Heartbeats and expiries of the open event streams: short, non-blocking tasks on one thread. */
    private final ScheduledThreadPoolExecutor timers = timers();

    @PreDestroy
    void stopTimers() {
        timers.shutdownNow();
    }

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "timeline-stream-timers");
            thread.setDaemon(true);
            return thread;
        });
        // a cancelled heartbeat (a stream that ended) leaves nothing queued
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /**
     * The events after {@code after}: at once when there are any (or {@code wait} is zero), else as soon as one the
     * caller may see is committed, else an empty page when {@code wait} has passed. The first read (which checks
     * access and records a staff read) runs on the calling thread and may throw.
     *
     * @throws org.errandless.common.problem.ProblemException 404 when the caller may not see the application
     */
    public Uni<TimelinePage> poll(Caller caller, UUID id, int after, Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return Uni.createFrom().item(TimelinePage.of(applications.timeline(caller, id, after).items(),
                    after));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        CompletableFuture<Boolean> waiter = feed.register(ApplicationService.liveKey(id), wait);
        TimelineRead first;
        try {
            first = applications.timeline(caller, id, after);
        } catch (RuntimeException e) {
            waiter.cancel(false);
            throw e;
        }
        if (!first.items().isEmpty()) {
            waiter.cancel(false);
            return Uni.createFrom().item(TimelinePage.of(first.items(), after));
        }
        return waitFor(waiter, caller, id, after, deadline);
    }

    private Uni<TimelinePage> waitFor(CompletableFuture<Boolean> waiter, Caller caller, UUID id, int after,
            long deadline) {
        return Uni.createFrom().completionStage(waiter).emitOn(workers)
                .onCancellation().invoke(() -> waiter.cancel(false))
                .flatMap(woken -> {
                    long remaining = deadline - System.nanoTime();
                    if (!Boolean.TRUE.equals(woken) || remaining <= 0) {
                        return Uni.createFrom().item(TimelinePage.of(java.util.List.of(), after));
                    }
                    CompletableFuture<Boolean> next = feed.register(ApplicationService.liveKey(id),
                            Duration.ofNanos(remaining));
                    TimelineRead read;
                    try {
                        read = applications.timeline(caller, id, after);
                    } catch (RuntimeException e) {
                        next.cancel(false);
                        return Uni.createFrom().failure(e);
                    }
                    if (!read.items().isEmpty()) {
                        next.cancel(false);
                        return Uni.createFrom().item(TimelinePage.of(read.items(), after));
                    }
                    // woken by something this caller may not see (or spuriously): keep waiting until the deadline
                    return waitFor(next, caller, id, after, deadline);
                });
    }

    /**
     * The events after {@code after} as Server-Sent Events, then each new one as it commits, with a comment line
     * whenever nothing was sent for the heartbeat interval. Completes after the event that brought the application to
     * a final status, or at {@code until} (the token's expiry: the client reconnects with a fresh token and
     * {@code Last-Event-ID}); a client going away cancels it and ends its subscription. Access must have been checked
     * (and a staff read recorded) by the caller, see {@link ApplicationService#watch}.
     *
     * <p>The stream reads the database only when the live feed says its application changed (or may have: after the
     * feed's listener reconnected); a heartbeat is a write to the socket and nothing else, so 10,000 quiet streams
     * cost no database work at all.
     */
    public Multi<OutboundSseEvent> stream(Caller caller, UUID id, int after, Instant until, Sse sse) {
        return Multi.createFrom().emitter(emitter -> new Stream(emitter, caller, id, after, until, sse).start());
    }

    /**
     * One open event stream: a subscription to its application's live-feed key, a heartbeat timer and an expiry
     * timer. Reads run on a worker, one at a time; changes that arrive during a read make it read once more.
     */
    private final class Stream {
        private final MultiEmitter<? super OutboundSseEvent> emitter;
        private final Caller caller;
        private final UUID id;
        private final Instant until;
        private final Sse sse;
        /** A change not yet read. */
        private final AtomicBoolean dirty = new AtomicBoolean();
        /** A read is scheduled or running. */
        private final AtomicBoolean reading = new AtomicBoolean();
        private volatile int last;
        private volatile long lastSent = System.nanoTime();
        private volatile boolean ended;
        private volatile LiveFeed.Subscription subscription;
        private volatile ScheduledFuture<?> heartbeat;
        private volatile ScheduledFuture<?> expiry;

        Stream(MultiEmitter<? super OutboundSseEvent> emitter, Caller caller, UUID id, int after, Instant until,
                Sse sse) {
            this.emitter = emitter;
            this.caller = caller;
            this.id = id;
            this.last = after;
            this.until = until;
            this.sse = sse;
        }

        void start() {
            emitter.onTermination(this::stop);
            // subscribe before the first read, so a commit between the two is not missed
            subscription = feed.subscribe(ApplicationService.liveKey(id), this::changed);
            // a comment at once sends the response headers, so the client knows the stream is open
            send(sse.newEventBuilder().comment("timeline of application " + id).build());
            long remaining = Math.max(0, Duration.between(Instant.now(), until).toNanos());
            expiry = timers.schedule(this::expire, remaining, TimeUnit.NANOSECONDS);
            scheduleHeartbeat();
            changed();
            if (ended || emitter.isCancelled()) {
                stop();
            }
        }

        /** The live feed says the application changed (or may have): read once more, soon. */
        private void changed() {
            dirty.set(true);
            if (reading.compareAndSet(false, true)) {
                workers.execute(this::drain);
            }
        }

        private void drain() {
            try {
                while (!ended && dirty.getAndSet(false)) {
                    if (emitter.isCancelled()) {
                        stop();
                        return;
                    }
                    read();
                }
            } finally {
                reading.set(false);
            }
            // a change that came in after the loop's last look and before reading was cleared
            if (!ended && dirty.get() && reading.compareAndSet(false, true)) {
                workers.execute(this::drain);
            }
        }

        private void read() {
            TimelineRead read;
            try {
                read = applications.timeline(caller, id, last);
            } catch (RuntimeException e) {
                // the client reconnects with Last-Event-ID and gets its answer (or its problem) then
                stop();
                emitter.fail(e);
                return;
            }
            for (ApplicationView.TimelineEvent event : read.items()) {
                send(sse.newEventBuilder().id(Integer.toString(event.seq())).name(event.action())
                        .data(String.class, text(event)).build());
                last = event.seq();
            }
            if (read.status().isFinal()) {
                stop();
                emitter.complete();
            }
        }

        private void send(OutboundSseEvent event) {
            lastSent = System.nanoTime();
            emitter.emit(event);
        }

        private void scheduleHeartbeat() {
            long due = lastSent + config.heartbeat().toNanos() - System.nanoTime();
            heartbeat = timers.schedule(this::beat, Math.max(0, due), TimeUnit.NANOSECONDS);
        }

        /** A comment line when nothing was sent for a heartbeat interval: a socket write, no database work. */
        private void beat() {
            if (ended || emitter.isCancelled()) {
                stop();
                return;
            }
            if (System.nanoTime() - lastSent >= config.heartbeat().toNanos()) {
                send(sse.newEventBuilder().comment("keep-alive").build());
            }
            scheduleHeartbeat();
        }

        private void expire() {
            if (!ended) {
                stop();
                emitter.complete();
            }
        }

        private void stop() {
            ended = true;
            LiveFeed.Subscription current = subscription;
            if (current != null) {
                current.close();
            }
            cancel(heartbeat);
            cancel(expiry);
        }

        private void cancel(ScheduledFuture<?> timer) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private String text(ApplicationView.TimelineEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
