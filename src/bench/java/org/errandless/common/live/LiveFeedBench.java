package org.errandless.common.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.errandless.common.persistence.EmbeddedDatabase;

/**
 * Benchmark (not a test) of the live feed: the real {@link LiveFeed} class, wired by hand outside Quarkus, against an
 * embedded PostgreSQL. Run by {@code src/bench/live-feed.sh}; see {@code src/bench/README.md}.
 *
 * <p>Wake-up latency: from just before a separate connection commits {@code pg_notify} (autocommit, exactly what a
 * committing transaction sends) until the waiter's future completes on the listener thread; PUBLISHES rounds, idle and
 * again with WAITERS other futures waiting. Footprint: the JVM's resident memory and thread count, and the listener's
 * database connections, idle and with WAITERS futures waiting.
 */
public final class LiveFeedBench {

    private static final int PUBLISHES = Integer.getInteger("publishes", 100);
    private static final int WAITERS = Integer.getInteger("waiters", 1_000);
    private static final String CHANNEL = "errandless_live_feed";

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(null, 0);
        LiveFeed feed = new LiveFeed();
        feed.config = config();
        feed.jdbcUrl = Optional.of(database.jdbcUrl());
        feed.username = Optional.of(EmbeddedDatabase.USER);
        feed.password = Optional.of(EmbeddedDatabase.USER);
        feed.createTimer();
        feed.start(null);
        long generation = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        System.out.printf("listener up (connection %d)%n", generation);

        try (Connection publisher = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER,
                EmbeddedDatabase.USER)) {
            // warm-up: JIT, the driver's statement cache, the server's plan
            latencies(feed, publisher, 50);
            Footprint idle = footprint(database, feed);
            long[] quiet = latencies(feed, publisher, PUBLISHES);

            List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                waiting.add(feed.register(UUID.randomUUID().toString(), Duration.ofMinutes(10)));
            }
            Footprint loaded = footprint(database, feed);
            long[] busy = latencies(feed, publisher, PUBLISHES);
            boolean allStillWaiting = waiting.stream().noneMatch(CompletableFuture::isDone);
            waiting.forEach(future -> future.cancel(false));

            System.out.printf("wake-up latency, %d publishes, no other waiter:  median %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    PUBLISHES, ms(percentile(quiet, 50)), ms(percentile(quiet, 99)), ms(quiet[quiet.length - 1]));
            System.out.printf("wake-up latency, %d publishes, %d waiting:      median %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    PUBLISHES, WAITERS, ms(percentile(busy, 50)), ms(percentile(busy, 99)), ms(busy[busy.length - 1]));
            System.out.printf("idle:            RSS %d MiB, threads %d, listener connections %d%n", idle.rssKib / 1024,
                    idle.threads, idle.listenerConnections);
            System.out.printf("%d waiting:    RSS %d MiB, threads %d, listener connections %d, waiters %d, "
                    + "none woken by others' publishes: %s%n", WAITERS, loaded.rssKib / 1024, loaded.threads,
                    loaded.listenerConnections, loaded.waiters, allStillWaiting);
            System.out.printf("heap used: idle %d KiB, %d waiting %d KiB (%.0f bytes per waiter)%n", idle.heapKib,
                    WAITERS, loaded.heapKib, (loaded.heapKib - idle.heapKib) * 1024.0 / WAITERS);
        } finally {
            feed.stop();
        }
        System.exit(0);
    }

    private static long[] latencies(LiveFeed feed, Connection publisher, int rounds) throws Exception {
        long[] nanos = new long[rounds];
        try (PreparedStatement notify = publisher.prepareStatement("select pg_notify(?, ?)")) {
            for (int i = 0; i < rounds; i++) {
                String key = UUID.randomUUID().toString();
                AtomicLong woken = new AtomicLong();
                CompletableFuture<Boolean> waiter = feed.register(key, Duration.ofSeconds(30));
                waiter.whenComplete((result, failure) -> woken.set(System.nanoTime()));
                notify.setString(1, CHANNEL);
                notify.setString(2, key);
                long start = System.nanoTime();
                notify.execute();
                if (!waiter.get(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("round " + i + " timed out: the feed does not work");
                }
                while (woken.get() == 0) {
                    Thread.onSpinWait();
                }
                nanos[i] = woken.get() - start;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private record Footprint(long rssKib, long heapKib, int threads, int listenerConnections, int waiters) {
    }

    private static Footprint footprint(EmbeddedDatabase database, LiveFeed feed) throws IOException, SQLException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        Runtime runtime = Runtime.getRuntime();
        long heap = (runtime.totalMemory() - runtime.freeMemory()) / 1024;
        int connections;
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER,
                EmbeddedDatabase.USER);
                PreparedStatement count = connection.prepareStatement(
                        "select count(*) from pg_stat_activity where application_name = ?")) {
            count.setString(1, LiveFeed.APPLICATION_NAME);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                connections = result.getInt(1);
            }
        }
        return new Footprint(rss, heap, threads, connections, feed.waiting());
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static LiveFeedConfig config() {
        return new LiveFeedConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String channel() {
                return CHANNEL;
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration probeInterval() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration reconnectBackoff() {
                return Duration.ofMillis(100);
            }

            @Override
            public Duration maxReconnectBackoff() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int recheckBatchSize() {
                return 200;
            }

            @Override
            public Duration recheckBatchPause() {
                return Duration.ofMillis(100);
            }

            @Override
            public Duration unreadyAfter() {
                return Duration.ofSeconds(10);
            }
        };
    }

    private LiveFeedBench() {
    }
}
