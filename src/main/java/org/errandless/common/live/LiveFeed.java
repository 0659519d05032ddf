package org.errandless.common.live;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Lets a request wait for "something new about key K" without holding a worker thread or a database connection, and
 * wakes it when a transaction on any instance that published K commits: PostgreSQL {@code LISTEN/NOTIFY}.
 *
 * <h2>Publishing</h2>
 * {@link #publish(String)} runs {@code pg_notify(channel, key)} in the caller's transaction. PostgreSQL delivers it
 * only when that transaction commits (never on rollback), to every listening instance, in commit order; several
 * publishes of one key in one transaction arrive as one.
 *
 * <h2>Waiting</h2>
 * {@link #awaitChange(String, Duration)} registers a waiter <em>at once</em> (not when the answer is subscribed to) and
 * answers {@code true} when the key was published (or when the feed may have missed a publish, see below) and
 * {@code false} when the timeout passed. A waiter holds no thread and no connection: it is a future in a map. The
 * one rule for callers: register first, then read, then wait, or a commit between the read and the registration is
 * missed until the timeout:
 * <pre>{@code
 * Uni<Boolean> change = feed.awaitChange(applicationId.toString(), Duration.ofSeconds(waitSeconds));
 * List<Event> events = timeline.after(applicationId, seq);          // read after registering
 * if (!events.isEmpty()) return Uni.createFrom().item(events);      // the waiter times out by itself
 * return change.map(woken -> timeline.after(applicationId, seq));   // empty again is fine: a spurious wake-up
 * }</pre>
 * The answer arrives on a worker thread (never on the listener thread), so a blocking re-read there is allowed.
 * {@code true} means "look again", not "there is something": callers re-read and may find nothing new.
 *
 * <h2>Subscribing</h2>
 * {@link #follow(String, Subscriber)} is for state mirrored in memory on every instance (revoked tokens, say): the
 * subscriber sees every published key with its prefix, in commit order, and is told to re-read its source whenever
 * the listener starts listening (again), since publishes made while nobody listened are lost.
 *
 * <h2>The listener</h2>
 * Each instance keeps ONE dedicated JDBC connection, outside the pool, opened with the datasource's own URL and
 * credentials ({@code quarkus.datasource.jdbc.url}, {@code .username}, {@code .password}: the embedded server's where
 * none is configured, the external one's otherwise), on which it runs {@code LISTEN} and one thread blocks in
 * {@link PGConnection#getNotifications(int)}. Each notification completes the waiters of its key and calls its
 * subscribers. When the connection is lost it reconnects with a growing pause; once it listens anew, everybody who
 * was waiting or subscribed (publishes may have been missed meanwhile) is woken to re-check, in bounded batches with
 * a pause between them ({@code errandless.live-feed.recheck-batch-size}, {@code .recheck-batch-pause}), so a database
 * that just came back is not hit by every open stream at once. An idle connection is probed now and then, so a
 * silently dropped one is noticed. How long the listener has been disconnected is reported
 * ({@link #disconnectedFor()}); readiness turns DOWN past {@code errandless.live-feed.unready-after}.
 *
 * <h2>Following a key</h2>
 * {@link #subscribe(String, Runnable)} is for a stream that follows one key for minutes (Server-Sent Events): its
 * callback runs after every publish of the key until it is closed, with no gap between two wake-ups, so nothing
 * needs re-reading "just in case" between publishes.
 *
 * <p>Why not the reactive PostgreSQL client: it would need a second URL ({@code quarkus.datasource.reactive.url}) that
 * neither the embedded database nor the external configuration of CI provides, a second driver stack, and a pool
 * of its own; one blocked platform thread per instance is cheaper than all of that. Instances scale out unchanged:
 * each listens on the same channel and wakes its own waiters.
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    /** Longest key: a notification payload must stay under 8000 bytes; keys are ids, far shorter. */
    public static final int MAX_KEY_LENGTH = 200;
    /** The {@code application_name} of the listener connection, to find it in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "errandless-live-feed";

    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    @Inject
    LiveFeedConfig config;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;
    @Inject
    Event<ListenerSession> sessions;

    /** Waiters per key; each set is changed only inside the map's per-key compute, so a wake-up never loses one. */
    private final ConcurrentHashMap<String, Set<CompletableFuture<Boolean>>> waiters = new ConcurrentHashMap<>();
    /** Followers of key prefixes (state mirrored in memory), see {@link #follow}. */
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    /** Subscriptions per key, kept like the waiters. */
    private final ConcurrentHashMap<String, Set<Subscription>> subscriptions = new ConcurrentHashMap<>();
    private ScheduledThreadPoolExecutor timeouts;
    private Rechecks rechecks;
    /** {@link System#nanoTime()} when the listener last stopped listening (or the feed started); see {@link #connected}. */
    private volatile long disconnectedAt = System.nanoTime();
    private volatile boolean connected;
    private final AtomicLong connections = new AtomicLong();
    private volatile CompletableFuture<Long> listening = new CompletableFuture<>();
    private volatile boolean running;
    private volatile Connection current;
    private volatile ListenerSession session;
    private Thread listener;

    @PostConstruct
    void createTimer() {
        timeouts = timeoutScheduler();
        rechecks = new Rechecks((task, delay) -> timeouts.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                config.recheckBatchSize(), config.recheckBatchPause());
        disconnectedAt = System.nanoTime();
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Live feed: listener off (errandless.live-feed.enabled=false); waits run into their timeout");
            return;
        }
        if (!CHANNEL.matcher(config.channel()).matches()) {
            throw new IllegalStateException("errandless.live-feed.channel must be a lower-case SQL identifier "
                    + "(letters, digits, underscores), not '" + config.channel() + "'");
        }
        if (jdbcUrl.isEmpty()) {
            throw new IllegalStateException("The live feed needs quarkus.datasource.jdbc.url");
        }
        disconnectedAt = System.nanoTime();
        running = true;
        listener = new Thread(this::listen, "live-feed-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        Connection connection = current;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // closing a connection that is being torn down anyway
            }
        }
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(config.pollInterval().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timeouts.shutdownNow();
        wakeAll();
    }

    /**
     * Tells every instance, once the caller's transaction commits, that something about {@code key} changed.
     *
     * @param key what changed, e.g. an application id; at most {@value #MAX_KEY_LENGTH} characters
     * @throws jakarta.transaction.TransactionalException without a transaction: a publish outside one would be
     *         delivered before the change is visible
     */
    @Transactional(TxType.MANDATORY)
    public void publish(String key) {
        requireKey(key);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, config.channel());
            notify.setString(2, key);
            notify.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not publish to the live feed", e);
        }
    }

    /**
     * Waits for a publish of {@code key}, registering the waiter now (see the class comment for the order of calls).
     * Cancelling the subscription (the client went away) removes the waiter.
     *
     * @return {@code true} when woken (look again), {@code false} when the timeout passed first; on a worker thread
     */
    public Uni<Boolean> awaitChange(String key, Duration timeout) {
        CompletableFuture<Boolean> waiter = register(key, timeout);
        return Uni.createFrom().completionStage(waiter).emitOn(Infrastructure.getDefaultWorkerPool())
                .onCancellation().invoke(() -> waiter.cancel(false));
    }

    /**
     * The same as {@link #awaitChange} as a future, registered now. It completes on the listener's or the timer's
     * thread: attach only non-blocking actions, or use the {@code *Async} variants. Cancelling it removes the waiter.
     */
    public CompletableFuture<Boolean> register(String key, Duration timeout) {
        requireKey(key);
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        waiters.compute(key, (ignored, set) -> {
            Set<CompletableFuture<Boolean>> target = set == null ? new HashSet<>() : set;
            target.add(waiter);
            return target;
        });
        ScheduledFuture<?> expiry = timeouts.schedule(() -> waiter.complete(false), Math.max(0, timeout.toMillis()),
                TimeUnit.MILLISECONDS);
        waiter.whenComplete((woken, failure) -> {
            expiry.cancel(false);
            waiters.computeIfPresent(key, (ignored, set) -> {
                set.remove(waiter);
                return set.isEmpty() ? null : set;
            });
        });
        return waiter;
    }

    /**
     * Hands {@code subscriber} every key published (on any instance) that starts with {@code prefix}, once its
     * transaction committed, in commit order, and calls {@link Subscriber#resynchronise} each time the listener
     * listens on a new connection; when the listener already listens, that call comes at once. Both run on the
     * listener's thread, a key before the waiters of that key are woken; they must not block (hand work to an
     * executor) and should not throw (what they throw is logged and dropped).
     */
    public void follow(String prefix, Subscriber subscriber) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(subscriber, "subscriber");
        followers.add(new Follower(prefix, subscriber));
        // after adding: a listener that starts listening from now on calls it; one that already listens, we call
        Long connection = listening.getNow(null);
        if (connection != null) {
            resynchronise(subscriber, connection);
        }
    }

    /**
     * Calls {@code onChange} after every publish of {@code key} until the subscription is closed, and once after the
     * listener reconnects (publishes may have been missed). Subscribe first, then read, as with waiters. The callback
     * runs on the listener's or the timer's thread: it must return at once (set a flag, hand work to a worker).
     *
     * @param key what to follow, e.g. an application id; at most {@value #MAX_KEY_LENGTH} characters
     * @return the subscription; close it when the follower goes away
     */
    public Subscription subscribe(String key, Runnable onChange) {
        requireKey(key);
        Objects.requireNonNull(onChange, "onChange");
        Subscription subscription = new Subscription(key, onChange);
        subscriptions.compute(key, (ignored, set) -> {
            Set<Subscription> target = set == null ? new HashSet<>() : set;
            target.add(subscription);
            return target;
        });
        return subscription;
    }

    /**
     * How long the listener has been without a connection: empty while it listens (or when the feed is off). Right
     * after start-up, the time since the feed was created.
     */
    public Optional<Duration> disconnectedFor() {
        if (!running || connected) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, System.nanoTime() - disconnectedAt)));
    }

    /** Whether this instance listens at all ({@code errandless.live-feed.enabled}). */
    public boolean enabled() {
        return config.enabled();
    }

    /** Subscriptions open now, over all keys. */
    public int subscribed() {
        return subscriptions.values().stream().mapToInt(Set::size).sum();
    }

    /** Completes when the listener listens (at once if it does), with the number of connections it has opened. */
    public CompletionStage<Long> whenListening() {
        return listening.copy();
    }

    /**
     * The database session the listener holds now, or empty while it is disconnected (or the feed is off). It lives
     * as long as this instance's link to PostgreSQL, so other instances can tell from {@code pg_stat_activity} whether
     * this one is still there (idempotency claims record it; see {@link ListenerSession}).
     */
    public Optional<ListenerSession> session() {
        return Optional.ofNullable(session);
    }

    /** Waiters registered now, over all keys. */
    public int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    private void listen() {
        long backoff = config.reconnectBackoff().toMillis();
        while (running) {
            try (Connection connection = connect()) {
                current = connection;
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + config.channel());
                }
                session = ListenerSession.of(connection);
                sessions.fireAsync(session);
                long generation = connections.incrementAndGet();
                LOG.infof("Live feed: listening on channel %s (connection %d)", config.channel(), generation);
                connected = true;
                // publishes while there was no listener (before the first, during a gap) are lost: everyone re-checks,
                // in batches, so a database that just came back is not hit by every waiter at once
                rechecks.start(everyone());
                listening.complete(generation);
                followers.forEach(follower -> resynchronise(follower.subscriber(), generation));
                backoff = config.reconnectBackoff().toMillis();
                receive(connection);
            } catch (SQLException | RuntimeException e) {
                if (connected) {
                    connected = false;
                    disconnectedAt = System.nanoTime();
                }
                if (!running) {
                    break;
                }
                if (listening.isDone()) {
                    listening = new CompletableFuture<>();
                }
                // waiters are woken once a new connection listens: waking them now would only make them re-read
                // before the gap is over, and again after it
                LOG.warnf("Live feed: listener connection lost (%s); reconnecting in %d ms", e.getMessage(), backoff);
                if (!pause(backoff)) {
                    break;
                }
                backoff = Math.min(backoff * 2, config.maxReconnectBackoff().toMillis());
            } finally {
                current = null;
                session = null;
            }
        }
        LOG.debug("Live feed: listener stopped");
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        int poll = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.pollInterval().toMillis()));
        long probeEvery = config.probeInterval().toNanos();
        long lastHeard = System.nanoTime();
        while (running) {
            PGNotification[] notifications = postgres.getNotifications(poll);
            if (notifications != null && notifications.length > 0) {
                lastHeard = System.nanoTime();
                for (PGNotification notification : notifications) {
                    if (config.channel().equals(notification.getName())) {
                        deliver(notification.getParameter());
                        wake(notification.getParameter());
                    }
                }
            } else if (System.nanoTime() - lastHeard > probeEvery) {
                try (Statement probe = connection.createStatement()) {
                    probe.execute("select 1");
                }
                lastHeard = System.nanoTime();
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(user -> properties.setProperty("user", user));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        // a listener connection does nothing but wait; it must not count against the pool
        Connection connection = DriverManager.getConnection(jdbcUrl.orElseThrow(), properties);
        connection.setAutoCommit(true);
        return connection;
    }

    private void wake(String key) {
        Set<CompletableFuture<Boolean>> woken = waiters.remove(key);
        if (woken != null) {
            woken.forEach(waiter -> waiter.complete(true));
        }
        List<Subscription> following = new ArrayList<>();
        subscriptions.computeIfPresent(key, (ignored, set) -> {
            following.addAll(set);
            return set;
        });
        following.forEach(Subscription::changed);
    }

    private void deliver(String key) {
        for (Follower follower : followers) {
            if (key.startsWith(follower.prefix())) {
                try {
                    follower.subscriber().published(key);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Live feed: a subscriber failed on key %s", key);
                }
            }
        }
    }

    private static void resynchronise(Subscriber subscriber, long connection) {
        try {
            subscriber.resynchronise(connection);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Live feed: a subscriber failed to resynchronise");
        }
    }

    /** At shutdown: every waiter answers now (subscribers' streams end with the server). */
    private void wakeAll() {
        for (String key : new ArrayList<>(waiters.keySet())) {
            Set<CompletableFuture<Boolean>> woken = waiters.remove(key);
            if (woken != null) {
                woken.forEach(waiter -> waiter.complete(true));
            }
        }
    }

    /** A wake-up for every waiter and subscription there is now. */
    private List<Runnable> everyone() {
        List<Runnable> wakeUps = new ArrayList<>();
        for (String key : new ArrayList<>(waiters.keySet())) {
            waiters.computeIfPresent(key, (ignored, set) -> {
                set.forEach(waiter -> wakeUps.add(() -> waiter.complete(true)));
                return set;
            });
        }
        for (String key : new ArrayList<>(subscriptions.keySet())) {
            subscriptions.computeIfPresent(key, (ignored, set) -> {
                set.forEach(subscription -> wakeUps.add(subscription::changed));
                return set;
            });
        }
        return wakeUps;
    }

    /** A follower of one key (see {@link #subscribe}); closing it ends the calls. */
    public final class Subscription implements AutoCloseable {
        private final String key;
        private final Runnable onChange;
        private volatile boolean open = true;

        private Subscription(String key, Runnable onChange) {
            this.key = key;
            this.onChange = onChange;
        }

        /** The key followed. */
        public String key() {
            return key;
        }

        private void changed() {
            if (open) {
                onChange.run();
            }
        }

        /** Stops the calls; idempotent. */
        @Override
        public void close() {
            open = false;
            subscriptions.computeIfPresent(key, (ignored, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("A live-feed key has 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }

    private static ScheduledThreadPoolExecutor timeoutScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "live-feed-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        // a woken waiter's timeout task is dropped at once, so 1,000s of short waits leave no garbage queued
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /** Receives the keys of one prefix; see {@link #follow(String, Subscriber)}. */
    public interface Subscriber {

        /** A key with the subscribed prefix was published and its transaction has committed. */
        void published(String key);

        /**
         * The listener listens on its {@code connection}-th connection: keys published before may have been missed, so
         * re-read whatever is mirrored.
         */
        void resynchronise(long connection);
    }

    private record Follower(String prefix, Subscriber subscriber) {
    }
}
