package org.errandless.common.live;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * A value read from the database and kept in memory on every instance (reference data: the catalogue, the calendar),
 * read again only after it changed: the change publishes {@link #key()} on the {@link LiveFeed} in its transaction
 * ({@link #changed()}), and every instance reads the value afresh on its next use after the commit.
 *
 * <h2>When memory is not enough</h2>
 * The value in memory answers only while the feed's listener listens on the connection it was read under and no
 * change was heard since. While the listener does not listen (start-up, a lost connection, the feed switched off with
 * {@code errandless.live-feed.enabled=false}) every use reads the database: slower, never stale. After the listener
 * listens anew the value is read again, since changes published meanwhile were lost.
 *
 * <p>The instance that makes a change does not wait for its own notification: {@link #changed()} marks the value
 * stale here when the transaction completes (so the next use, the caller's own included, sees the change), and a read
 * inside that transaction goes to the database and is not kept (it would keep what may still roll back).
 *
 * <p>The loader runs on the caller's thread, at most one at a time per mirror; it must join the caller's transaction
 * where there is one (never take a second pooled connection while the caller holds one).
 *
 * @param <T> the value, immutable
 */
public final class LiveMirror<T> implements LiveFeed.Subscriber {

    private final LiveFeed feed;
    private final TransactionSynchronizationRegistry transactions;
    private final String key;
    private final Supplier<T> loader;
    /** Changes heard (published keys, new listener connections, local commits): a value read before one is stale. */
    private final AtomicLong changes = new AtomicLong();
    private volatile Loaded<T> loaded;

    private record Loaded<T>(T value, long changes, long connection) {
    }

    /**
     * A mirror of {@code loader}'s value, subscribed to {@code key} on {@code feed}.
     *
     * @param key the live-feed key the changes publish, e.g. {@code catalog:services}
     */
    public LiveMirror(LiveFeed feed, TransactionSynchronizationRegistry transactions, String key, Supplier<T> loader) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.key = Objects.requireNonNull(key, "key");
        this.loader = Objects.requireNonNull(loader, "loader");
        feed.follow(key, this);
    }

    /** The live-feed key changes of the value publish. */
    public String key() {
        return key;
    }

    /** The value as it is now: from memory while that is current, else read from the database. */
    public T get() {
        long connection = listening();
        Loaded<T> current = loaded;
        if (current != null && fresh(current, connection)) {
            return current.value();
        }
        if (connection == 0 || changedInThisTransaction()) {
            return loader.get();
        }
        return reload(connection);
    }

    /**
     * Whether the value in memory is the current one (the listener listens, nothing changed since it was read): a
     * caller that keeps something derived from the value may keep it while this holds for the same value.
     */
    public boolean current(T value) {
        Loaded<T> current = loaded;
        return current != null && current.value() == value && fresh(current, listening());
    }

    /**
     * Call in the transaction that changes what the value is read from: every instance reads it afresh once that
     * transaction commits; this one (and any read in this transaction) at once.
     *
     * @throws jakarta.transaction.TransactionalException without a transaction
     */
    public void changed() {
        feed.publish(key);
        if (transactions.getResource(this) == null) {
            transactions.putResource(this, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // nothing before: a rollback is a change of nothing, a commit is seen from the next read on
                }

                @Override
                public void afterCompletion(int status) {
                    // committed: read the change; rolled back: read again what the transaction may have loaded
                    changes.incrementAndGet();
                }
            });
        }
        changes.incrementAndGet();
    }

    /** Forgets the value: the next use reads it again (tests, operators). */
    public void forget() {
        changes.incrementAndGet();
    }

    @Override
    public void published(String publishedKey) {
        if (publishedKey.equals(key)) {
            changes.incrementAndGet();
        }
    }

    @Override
    public void resynchronise(long connection) {
        changes.incrementAndGet();
    }

    private synchronized T reload(long connection) {
        Loaded<T> current = loaded;
        if (current != null && fresh(current, connection)) {
            return current.value();
        }
        // taken before reading: a change heard while the loader reads makes what it read stale at once
        long seen = changes.get();
        T value = loader.get();
        loaded = new Loaded<>(value, seen, connection);
        return value;
    }

    private boolean fresh(Loaded<T> value, long connection) {
        return connection != 0 && value.connection() == connection && value.changes() == changes.get();
    }

    private boolean changedInThisTransaction() {
        try {
            return transactions.getTransactionStatus() == Status.STATUS_ACTIVE && transactions.getResource(this) != null;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private long listening() {
        Long connection = feed.whenListening().toCompletableFuture().getNow(0L);
        return connection == null ? 0 : connection;
    }
}
