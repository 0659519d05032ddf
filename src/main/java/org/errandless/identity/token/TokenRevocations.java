package org.errandless.identity.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.errandless.common.live.LiveFeed;
import org.errandless.common.live.LiveFeedConfig;
import org.jboss.logging.Logger;
import org.hibernate.query.NativeQuery;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * What the token check knows without asking the database, on every instance: the token families revoked lately and
 * the disabled accounts (citizens, staff, partner clients).
 *
 * <h2>How it stays current</h2>
 * It is loaded each time the live feed's listener starts listening (at start-up and after every reconnection: what
 * was published while nobody listened is lost), and kept current by the live feed from then on. Every revocation and
 * every disable or enable publishes a key ({@code token:family:<id>}, {@code token:account:<type>:<id>:disabled} or
 * {@code :enabled}) in the transaction that makes the change, so every instance hears of it when, and only if, it
 * commits: within milliseconds, in commit order. The instance that made a change does not wait for the round trip:
 * it applies a revocation as soon as the transaction commits, and it answers an account change only once its own
 * notification is back (at most {@link #OWN_CHANGE_WAIT}), so an admin's 200 means the change is in force there.
 *
 * <h2>When memory is not enough</h2>
 * While the listener does not listen, or listens anew and has not been reloaded yet, {@link #current()} is false and
 * the token check asks the database on every request instead: slower, never wrong. With the live feed switched off
 * ({@code errandless.live-feed.enabled=false}) that is always so.
 *
 * <h2>How big it gets</h2>
 * A revoked family matters only while an access token issued with it can still be presented (a refresh is refused by
 * the database anyway), so it is kept for the access-token lifetime plus the leeway plus {@link #MARGIN} after its
 * revocation (about 21 minutes with the defaults) and then dropped. The set is therefore the revocations of the last
 * 21 minutes: sign-outs, reuse of a spent refresh token, password resets, identity moves, disables. Even 1,000 a
 * minute, far more than a city's sign-outs, keep about 21,000 entries, some 2-3 MB. Disabled accounts are kept while
 * they are disabled, with no time bound: each is an administrator's decision, thousands at most, about 100 bytes each.
 */
@ApplicationScoped
public class TokenRevocations implements LiveFeed.Subscriber {

    private static final Logger LOG = Logger.getLogger(TokenRevocations.class);

    /** Prefix of the live-feed keys this class publishes and listens to. */
    static final String PREFIX = "token:";
    static final String FAMILY = PREFIX + "family:";
    static final String ACCOUNT = PREFIX + "account:";
    static final String DISABLED = "disabled";
    static final String ENABLED = "enabled";
    /**
     * How long a revoked family is kept beyond the access-token lifetime and leeway. A refresh that read its family
     * just before the revocation committed may still mint one access token; its transaction ends within the
     * transaction timeout (60 s by default), well inside this margin.
     */
    static final Duration MARGIN = Duration.ofMinutes(5);
    /** How long the instance that changed an account waits for its own notification before it answers anyway. */
    static final Duration OWN_CHANGE_WAIT = Duration.ofSeconds(2);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    private static final long SWEEP_EVERY_MILLIS = 60_000;

    @Inject
    LiveFeed feed;
    @Inject
    LiveFeedConfig feedConfig;
    @Inject
    TokenConfig config;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    Instance<TokenSubjects> subjects;

    /** Revoked families, each with the moment (epoch ms) after which no token of it can be presented any more. */
    private final ConcurrentHashMap<UUID, Long> revokedFamilies = new ConcurrentHashMap<>();
    /** Disabled accounts by account type; a type's set is replaced whole by a reload. */
    private final ConcurrentHashMap<String, Set<UUID>> disabled = new ConcurrentHashMap<>();
    /** Guards changes of {@link #disabled} and {@link #changedDuringReload}, so a reload never loses a change. */
    private final Object accounts = new Object();
    /** Account changes heard while a reload reads the database, applied again over what it read; else null. */
    private List<AccountChange> changedDuringReload;
    private final AtomicLong nextSweep = new AtomicLong();
    /** The newest listener connection that asked for a reload. */
    private final AtomicLong requested = new AtomicLong();
    /** The listener connection the view was last reloaded for (0: never). */
    private volatile long reloaded;
    private final TreeMap<Long, List<CompletableFuture<Void>>> reloadWaiters = new TreeMap<>();
    private Set<String> accountTypes;
    private ScheduledExecutorService loader;

    @PostConstruct
    void prepare() {
        // here, not at start-up: a request may reach the check before the start-up observers ran
        accountTypes = subjects.stream().map(TokenSubjects::accountType).collect(Collectors.toUnmodifiableSet());
        loader = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "token-revocations");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start(@Observes StartupEvent event) {
        if (!feedConfig.enabled()) {
            LOG.warn("Token checks: the live feed is off, so every authenticated request asks the database whether "
                    + "its sign-in was revoked or its account disabled");
        }
        feed.follow(PREFIX, this);
    }

    @PreDestroy
    void stop() {
        if (loader != null) {
            loader.shutdownNow();
        }
    }

    /**
     * Whether the view in memory may answer: the listener listens, and the view was reloaded since it listens on
     * this connection. When not, ask the database.
     */
    public boolean current() {
        long connection = reloaded;
        return connection > 0 && connection == feed.whenListening().toCompletableFuture().getNow(0L);
    }

    /** Whether a token of this account and family is refused: the family was revoked or the account is disabled. */
    public boolean refuses(String accountType, UUID accountId, UUID family) {
        if (revokedFamilies.containsKey(family)) {
            return true;
        }
        Set<UUID> ids = disabled.get(accountType);
        return ids != null && ids.contains(accountId);
    }

    /** Whether some loader handles this account type ({@code acct} claim). */
    public boolean knownAccountType(String accountType) {
        return accountTypes.contains(accountType);
    }

    /** Completes once the view was reloaded for the listener's {@code connection}-th connection (or a later one). */
    public CompletableFuture<Void> whenReloadedFor(long connection) {
        synchronized (reloadWaiters) {
            if (reloaded >= connection) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            reloadWaiters.computeIfAbsent(connection, ignored -> new ArrayList<>()).add(waiter);
            return waiter;
        }
    }

    /** In the revoking transaction: once it commits, the family's tokens are refused here at once, elsewhere soon. */
    void familyRevoked(UUID family) {
        feed.publish(FAMILY + family);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing before: only a committed revocation counts
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    remember(family, System.currentTimeMillis() + retention().toMillis());
                }
            }
        });
    }

    /**
     * In the transaction that disables or enables an account: once it commits, every instance applies it in commit
     * order; this one answers when its own notification is back, so it is in force here when the caller answers.
     */
    void accountChanged(String accountType, UUID accountId, boolean disabledNow) {
        String key = ACCOUNT + accountType + ":" + accountId + ":" + (disabledNow ? DISABLED : ENABLED);
        // registered before the publish can be delivered (the feed's own rule), bounded only as a safety net: the
        // wait that counts starts at the commit
        CompletableFuture<Boolean> own = feed.register(key, Duration.ofMinutes(5));
        feed.publish(key);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing before: only a committed change counts
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED || !current()) {
                    // rolled back: nothing to wait for; not current: the database answers until the reload reads it
                    own.cancel(false);
                    return;
                }
                awaitOwn(own, key);
            }
        });
    }

    @Override
    public void published(String key) {
        if (key.startsWith(FAMILY)) {
            UUID family = uuid(key.substring(FAMILY.length()));
            if (family != null) {
                remember(family, System.currentTimeMillis() + retention().toMillis());
            }
        } else if (key.startsWith(ACCOUNT)) {
            AccountChange change = AccountChange.parse(key.substring(ACCOUNT.length()));
            if (change == null) {
                LOG.warnf("Token checks: ignoring malformed live-feed key %s", key);
                return;
            }
            synchronized (accounts) {
                apply(change);
                if (changedDuringReload != null) {
                    changedDuringReload.add(change);
                }
            }
        }
    }

    @Override
    public void resynchronise(long connection) {
        requested.accumulateAndGet(connection, Math::max);
        loader.execute(() -> reload(FIRST_RETRY));
    }

    /** How long after its revocation a family is remembered; see the class comment. */
    Duration retention() {
        return config.accessTokenLifetime().plus(config.leeway()).plus(MARGIN);
    }

    private void reload(Duration retry) {
        long connection = requested.get();
        if (connection <= reloaded) {
            return;
        }
        synchronized (accounts) {
            changedDuringReload = new ArrayList<>();
        }
        Snapshot snapshot;
        try {
            Instant since = Instant.now().minus(retention());
            snapshot = QuarkusTransaction.requiringNew().call(() -> snapshot(since));
        } catch (RuntimeException e) {
            synchronized (accounts) {
                changedDuringReload = null;
            }
            LOG.warnf("Token checks: could not load revocations (%s); the database answers meanwhile, retrying in %s",
                    e.getMessage(), retry);
            Duration next = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            loader.schedule(() -> reload(next), retry.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        long retained = retention().toMillis();
        snapshot.families().forEach((family, revokedAt) -> remember(family, revokedAt.toEpochMilli() + retained));
        synchronized (accounts) {
            Set<String> types = new HashSet<>(disabled.keySet());
            types.addAll(snapshot.disabled().keySet());
            for (String type : types) {
                Set<UUID> fresh = ConcurrentHashMap.newKeySet();
                fresh.addAll(snapshot.disabled().getOrDefault(type, Set.of()));
                disabled.put(type, fresh);
            }
            // heard while reading: newer than or as new as what was read, and in commit order
            changedDuringReload.forEach(this::apply);
            changedDuringReload = null;
        }
        synchronized (reloadWaiters) {
            reloaded = connection;
            Map<Long, List<CompletableFuture<Void>>> due = reloadWaiters.headMap(connection, true);
            due.values().forEach(waiters -> waiters.forEach(waiter -> waiter.complete(null)));
            due.clear();
        }
        LOG.debugf("Token checks: %d revoked families and %d disabled accounts in memory (listener connection %d)",
                revokedFamilies.size(), disabled.values().stream().mapToInt(Set::size).sum(), connection);
    }

    @SuppressWarnings("unchecked")
    private Snapshot snapshot(Instant since) {
        Map<UUID, Instant> families = new HashMap<>();
        // native SQL (and so in TokenSubjects.disabledAccounts): this runs at every start, and as HQL it was the
        // start's only HQL, so the start paid the HQL parser's first use (about a quarter of a second of CPU)
        List<Object[]> rows = TokenFamily.getEntityManager()
                .createNativeQuery("select id, revoked_at from token_family where revoked_at > :since")
                .setParameter("since", since).unwrap(NativeQuery.class).addScalar("id", UUID.class)
                .addScalar("revoked_at", Instant.class).getResultList();
        rows.forEach(row -> families.put((UUID) row[0], (Instant) row[1]));
        Map<String, Set<UUID>> accountsByType = new HashMap<>();
        for (TokenSubjects loader : subjects) {
            accountsByType.computeIfAbsent(loader.accountType(), ignored -> new HashSet<>())
                    .addAll(loader.disabledAccounts());
        }
        return new Snapshot(families, accountsByType);
    }

    private void apply(AccountChange change) {
        Set<UUID> ids = disabled.computeIfAbsent(change.accountType(), ignored -> ConcurrentHashMap.newKeySet());
        if (change.disabled()) {
            ids.add(change.accountId());
        } else {
            ids.remove(change.accountId());
        }
    }

    /** Remembers a revoked family until {@code forgetAfter} (epoch ms), and now and then forgets expired ones. */
    void remember(UUID family, long forgetAfter) {
        revokedFamilies.merge(family, forgetAfter, Math::max);
        long now = System.currentTimeMillis();
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + SWEEP_EVERY_MILLIS)) {
            forgetExpired(now);
        }
    }

    /** Forgets the families no token of which can be presented at {@code now} (expired, past the margin). */
    void forgetExpired(long now) {
        revokedFamilies.values().removeIf(after -> after < now);
    }

    private void awaitOwn(CompletableFuture<Boolean> own, String key) {
        try {
            // true also when the listener lost its connection: then the view is not current until it reloads
            own.get(OWN_CHANGE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Token checks: the live feed did not bring back %s within %s; this instance applies it "
                    + "when it does", key, OWN_CHANGE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            LOG.warnf("Token checks: waiting for %s failed (%s)", key, e.toString());
        } finally {
            own.cancel(false);
        }
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private record Snapshot(Map<UUID, Instant> families, Map<String, Set<UUID>> disabled) {
    }

    /** One disable or enable, as published: {@code <type>:<id>:disabled|enabled}. */
    private record AccountChange(String accountType, UUID accountId, boolean disabled) {

        static AccountChange parse(String value) {
            String[] parts = value.split(":", -1);
            if (parts.length != 3 || parts[0].isEmpty()) {
                return null;
            }
            UUID id = uuid(parts[1]);
            if (id == null || !(DISABLED.equals(parts[2]) || ENABLED.equals(parts[2]))) {
                return null;
            }
            return new AccountChange(parts[0], id, DISABLED.equals(parts[2]));
        }
    }
}
