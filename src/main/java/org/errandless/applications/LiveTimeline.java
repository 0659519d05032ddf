package org.errandless.applications;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.errandless.applications.ApplicationQueries.TimelineRead;
import org.errandless.common.live.LiveFeed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Waiting for an application's timeline without holding a worker thread or a database connection: the long-poll and
 * the event stream, both driven by the {@link LiveFeed} key {@link ApplicationFeed#key} that every appended
 * event publishes in its transaction.
 *
 * <p>Each step keeps the feed's order: register a waiter, then read (in a short transaction of its own), then wait on
 * the waiter; a commit between the read and the wait therefore wakes the waiter instead of being missed. A wake-up
 * means "look again": the re-read may find nothing the caller may see (an INTERNAL note for a citizen), and the wait
 * goes on until its deadline. Re-reads run on a worker thread; between them only a future in the feed's map remains.
 */
@ApplicationScoped
public class LiveTimeline {

    @Inject
    ApplicationQueries applications;
    @Inject
    LiveFeed feed;
    @Inject
    TimelineConfig config;
    @Inject
    ObjectMapper json;

    private final Executor workers = command -> Infrastructure.getDefaultWorkerPool().execute(command);

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
        CompletableFuture<Boolean> waiter = feed.register(ApplicationFeed.key(id), wait);
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
                    CompletableFuture<Boolean> next = feed.register(ApplicationFeed.key(id),
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
     * {@code Last-Event-ID}); a client going away cancels it and removes its waiter. Access must have been checked
     * (and a staff read recorded) by the caller, see {@link ApplicationQueries#watch}.
     */
    public Multi<OutboundSseEvent> stream(Caller caller, UUID id, int after, Instant until, Sse sse) {
        return Multi.createFrom().emitter(emitter -> new Stream(emitter, caller, id, after, until, sse).start());
    }

    /** One open event stream: at most one waiter registered at a time, each step on a worker thread. */
    private final class Stream {
        private final MultiEmitter<? super OutboundSseEvent> emitter;
        private final Caller caller;
        private final UUID id;
        private final Instant until;
        private final Sse sse;
        private volatile int last;
        private volatile CompletableFuture<Boolean> waiter;

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
            emitter.onTermination(() -> {
                CompletableFuture<Boolean> current = waiter;
                if (current != null) {
                    current.cancel(false);
                }
            });
            // a comment at once sends the response headers, so the client knows the stream is open
            emitter.emit(sse.newEventBuilder().comment("timeline of application " + id).build());
            workers.execute(this::step);
        }

        private void step() {
            if (emitter.isCancelled()) {
                return;
            }
            Duration remaining = Duration.between(Instant.now(), until);
            if (remaining.isNegative() || remaining.isZero()) {
                emitter.complete();
                return;
            }
            Duration timeout = remaining.compareTo(config.heartbeat()) < 0 ? remaining : config.heartbeat();
            CompletableFuture<Boolean> next = feed.register(ApplicationFeed.key(id), timeout);
            waiter = next;
            if (emitter.isCancelled()) {
                next.cancel(false);
                return;
            }
            TimelineRead read;
            try {
                read = applications.timeline(caller, id, last);
            } catch (RuntimeException e) {
                next.cancel(false);
                emitter.fail(e);
                return;
            }
            for (ApplicationView.TimelineEvent event : read.items()) {
                emitter.emit(sse.newEventBuilder().id(Integer.toString(event.seq())).name(event.action())
                        .data(String.class, text(event)).build());
                last = event.seq();
            }
            if (read.status().isFinal()) {
                next.cancel(false);
                emitter.complete();
                return;
            }
            next.whenComplete((woken, failure) -> {
                if (failure != null || emitter.isCancelled()) {
                    return;
                }
                workers.execute(() -> {
                    if (!Boolean.TRUE.equals(woken) && !emitter.isCancelled()) {
                        emitter.emit(sse.newEventBuilder().comment("keep-alive").build());
                    }
                    step();
                });
            });
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
