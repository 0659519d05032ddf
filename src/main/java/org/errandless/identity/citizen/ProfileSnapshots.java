package org.errandless.identity.citizen;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.common.live.LiveFeed;
import org.errandless.common.web.PreparedBody;
import org.errandless.registry.PersonsChanged;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.runtime.StartupEvent;

/**
 * The answers of {@code GET /me} kept in memory per account, as the bytes served and their tag, so a phone reading its
 * own profile costs no statement.
 *
 * <h2>How it stays true</h2>
 * A profile shows the account (phone, assurance level, binding) and the name and ID number of the person it is bound
 * to. Every change of one of those calls {@link #changed(UUID)} (or {@link #allChanged()} for a set-based change of
 * the register) in its transaction: that publishes {@code profile:account:<id>} ({@code profile:all}) on the live
 * feed, so every instance drops the answer when the notification arrives, and drops it here when the transaction
 * completes (the caller's own next read sees the change). The writers today: the identity binding (bind, face check,
 * a binding moved to another account), an administrator disabling or enabling the account, and the register import
 * (names and ID numbers of persons). A read keeps its answer only if nothing about that account (and no reconnection)
 * was heard between the start of its read and the keeping, so an answer read before a change never outlives the
 * change's notification. While the live feed's listener does not listen (or listens anew and has not forgotten
 * everything yet) nothing is served from here or kept; with the feed switched off, nothing ever is. Another instance
 * may serve the previous answer for the milliseconds between a commit and its notification.
 *
 * <p>Disabled accounts and revoked sign-ins are refused before this is asked ({@code TokenRevocationAugmentor});
 * a disable also drops the answer, so a read while the token check asks the database reads the account again.
 *
 * <h2>How big it gets</h2>
 * Bounded by {@link ProfileCacheConfig#maxSize()} over the answers' bytes; the least used go first.
 */
@ApplicationScoped
public class ProfileSnapshots implements LiveFeed.Subscriber {

    private static final Logger LOG = Logger.getLogger(ProfileSnapshots.class);
    /** Prefix of the live-feed keys of profile changes. */
    static final String PREFIX = "profile:";
    static final String ACCOUNT = PREFIX + "account:";
    /** Every profile may have changed (a set-based change of the register). */
    static final String ALL = PREFIX + "all";
    private static final int STRIPES = 1024;
    /** What an entry costs beyond its answer's bytes, roughly (key, tag, node). */
    private static final int ENTRY_OVERHEAD = 300;

    @Inject
    LiveFeed feed;
    @Inject
    ProfileCacheConfig config;
    @Inject
    TransactionSynchronizationRegistry transactions;

    private Cache<UUID, PreparedBody> entries;
    /** Changes heard per stripe of account ids, and of all accounts: a read that saw one keeps nothing. */
    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);
    private final AtomicLong resets = new AtomicLong();
    /** The listener connection this was last emptied for; 0: never, nothing is served. */
    private volatile long connection;

    /** Where a read stood before it started: what it keeps afterwards is kept only if this still holds. */
    public record Stamp(long resets, int stripe, long changes) {
    }

    /** The live-feed key a change of the account's profile publishes. */
    public static String key(UUID accountId) {
        return ACCOUNT + accountId;
    }

    @PostConstruct
    void create() {
        long max = Math.max(0, config.maxSize().asLongValue());
        entries = Caffeine.newBuilder().maximumWeight(max)
                .<UUID, PreparedBody>weigher((id, body) -> ENTRY_OVERHEAD + body.bytes().length).build();
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            feed.follow(PREFIX, this);
        } else {
            LOG.info("Profiles: answers of GET /me are not kept in memory (errandless.profiles.cache.enabled=false)");
        }
    }

    /** The answer kept for the account, or null (also while nothing may be served). */
    public PreparedBody find(UUID accountId) {
        return servable() ? entries.getIfPresent(accountId) : null;
    }

    /** Take before reading a profile; pass to {@link #keep}. */
    public Stamp stamp(UUID accountId) {
        int stripe = stripe(accountId);
        return new Stamp(resets.get(), stripe, changes.get(stripe));
    }

    /** Keeps an answer read after {@code stamp} was taken, unless something about the account was heard since. */
    public void keep(Stamp stamp, UUID accountId, PreparedBody body) {
        if (!servable() || !unchanged(stamp)) {
            return;
        }
        entries.put(accountId, body);
        // a change heard between the check and the keeping drops it again (the drop counts before it removes)
        if (!unchanged(stamp)) {
            entries.asMap().remove(accountId, body);
        }
    }

    /**
     * In the transaction that changes what the account's profile shows: tells every instance to drop its answer once
     * the transaction commits, and drops it here when the transaction completes.
     */
    @Transactional(TxType.MANDATORY)
    public void changed(UUID accountId) {
        feed.publish(key(accountId));
        afterCompletion(() -> drop(accountId));
    }

    /** The same as {@link #changed} for every account: a set-based change of persons (the register import). */
    @Transactional(TxType.MANDATORY)
    public void allChanged() {
        feed.publish(ALL);
        afterCompletion(this::dropAll);
    }

    /** Persons changed set-based (the register import, in its transaction): every profile may show them. */
    void personsChanged(@Observes PersonsChanged change) {
        allChanged();
    }

    /** Drops the account's answer here, now. */
    void drop(UUID accountId) {
        changes.incrementAndGet(stripe(accountId));
        entries.invalidate(accountId);
    }

    @Override
    public void published(String key) {
        if (ALL.equals(key)) {
            dropAll();
        } else if (key.startsWith(ACCOUNT)) {
            try {
                drop(UUID.fromString(key.substring(ACCOUNT.length())));
            } catch (IllegalArgumentException e) {
                LOG.warnf("Profiles: ignored the malformed live-feed key %s", key);
            }
        }
    }

    @Override
    public void resynchronise(long listening) {
        // changes published while nobody listened are lost: forget everything, then serve again
        dropAll();
        connection = listening;
    }

    /** How many profiles are kept (tests, metrics). */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private void dropAll() {
        resets.incrementAndGet();
        entries.invalidateAll();
    }

    private void afterCompletion(Runnable action) {
        if (!config.enabled()) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing before: a read now still sees the state before the change
            }

            @Override
            public void afterCompletion(int status) {
                action.run();
            }
        });
    }

    private boolean servable() {
        long current = connection;
        return config.enabled() && current != 0
                && current == feed.whenListening().toCompletableFuture().getNow(0L);
    }

    private boolean unchanged(Stamp stamp) {
        return resets.get() == stamp.resets() && changes.get(stamp.stripe()) == stamp.changes();
    }

    private static int stripe(UUID id) {
        long bits = id.getMostSignificantBits() ^ id.getLeastSignificantBits();
        return (int) ((bits ^ (bits >>> 32)) & (STRIPES - 1));
    }
}
