package org.errandless.applications;

import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.errandless.catalog.DueDates;
import org.errandless.catalog.ServiceItemView;
import org.errandless.common.live.LiveFeed;
import org.errandless.common.web.PreparedBody;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.runtime.StartupEvent;

import jakarta.enterprise.event.Observes;

/**
 * The answers of {@code GET /applications/{id}} kept in memory, so a phone polling an unchanged application costs no
 * statement: per application, what decides who may see it and, per audience (the applicant, or officers of the
 * handling station), the last answer rendered with its tag and what it was rendered with (the catalogue's view of the
 * service, the calendar, the business date). The representation does not depend on {@code Accept-Language} (names
 * carry both languages), so the language is no part of the key.
 *
 * <h2>How it stays true</h2>
 * Every change of an application publishes {@link ApplicationFeed#key} in its transaction (the key the long-polls wait
 * on), and every instance drops that application's answers when the notification arrives (the instance that made the
 * change at once when its transaction completes). A read that fetched an application keeps its answer only if nothing
 * about that application (and no reconnection) was heard between the start of its statement and the keeping, so an
 * answer read before a change can never outlive the change's notification. While the live feed's listener does not
 * listen (or listens anew and has not forgotten everything yet) nothing is served from here or kept; with the feed
 * switched off, nothing ever is. Another instance may serve the previous answer for the milliseconds between a commit
 * and its notification; changes never rely on that (they check {@code If-Match} against the database).
 *
 * <h2>How big it gets</h2>
 * Bounded by {@link ReadCacheConfig#maxSize()} over the answers' bytes; the least used go first.
 */
@ApplicationScoped
class RenderedApplications implements LiveFeed.Subscriber {

    private static final Logger LOG = Logger.getLogger(RenderedApplications.class);
    private static final int STRIPES = 1024;
    /** What an entry costs beyond its answers' bytes, roughly. */
    private static final int ENTRY_OVERHEAD = 400;

    @Inject
    LiveFeed feed;
    @Inject
    ReadCacheConfig config;
    @Inject
    TransactionSynchronizationRegistry transactions;

    private Cache<UUID, Entry> entries;
    /** Changes heard per stripe of application ids, and reconnections (all ids): a read that saw one keeps nothing. */
    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);
    private final AtomicLong resets = new AtomicLong();
    /** The listener connection this was last emptied for; 0: never, nothing is served. */
    private volatile long connection;

    /** One answer and what it was rendered with. */
    record Rendered(ServiceItemView service, DueDates dueDates, LocalDate today, PreparedBody body) {

        boolean renderedWith(ServiceItemView currentService, DueDates currentDueDates, LocalDate currentToday) {
            return service == currentService && dueDates == currentDueDates && today.equals(currentToday);
        }
    }

    /**
     * What is kept of one application: who may see it, and the last answer per audience (null: none).
     */
    record Entry(String serviceCode, UUID applicantAccountId, ApplicationStatus status, String handlingStation,
            boolean actedFor, boolean submitted, long version, Rendered citizen, Rendered officer) {

        boolean visibleTo(Caller caller) {
            return ApplicationSnapshot.visible(caller, applicantAccountId, status, handlingStation);
        }

        /**
         * Whether a citizen it is not visible to may still be the person it is about
         * ({@link ApplicationSnapshot#visibleToSubject}): only the database says (which person their account is), so
         * such a read is not answered from here; anyone else it is not visible to is answered 404 from here.
         */
        boolean mayBeSubjectOf(Caller caller) {
            return caller.isCitizen() && actedFor && submitted;
        }

        Rendered rendered(boolean forCitizen) {
            return forCitizen ? citizen : officer;
        }

        int weight() {
            return ENTRY_OVERHEAD + (citizen == null ? 0 : citizen.body().bytes().length)
                    + (officer == null ? 0 : officer.body().bytes().length);
        }
    }

    /** Where a read stood before its statement: what it keeps afterwards is kept only if this still holds. */
    record Stamp(long resets, int stripe, long changes) {
    }

    @PostConstruct
    void create() {
        long max = Math.max(0, Math.min(Long.MAX_VALUE, config.maxSize().asLongValue()));
        entries = Caffeine.newBuilder().maximumWeight(max).<UUID, Entry>weigher((id, entry) -> entry.weight())
                .build();
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            feed.follow(ApplicationFeed.PREFIX, this);
        } else {
            LOG.info("Application reads: answers are not kept in memory (errandless.applications.read-cache.enabled"
                    + "=false); every read is one statement");
        }
    }

    /** What is kept of the application, or null (also while nothing may be served). */
    Entry find(UUID id) {
        return servable() ? entries.getIfPresent(id) : null;
    }

    /** Take before reading an application; pass to {@link #keep}. */
    Stamp stamp(UUID id) {
        int stripe = stripe(id);
        return new Stamp(resets.get(), stripe, changes.get(stripe));
    }

    /**
     * Keeps an answer rendered from {@code application} as read after {@code stamp} was taken, unless something about
     * it was heard since (then the next read fetches it again).
     */
    void keep(Stamp stamp, ApplicationSnapshot application, boolean citizen, Rendered rendered) {
        if (!servable() || !unchanged(stamp)) {
            return;
        }
        Entry kept = entries.asMap().compute(application.id(), (id, earlier) -> {
            Rendered other = earlier != null && earlier.version() == application.version()
                    ? earlier.rendered(!citizen) : null;
            return new Entry(application.serviceCode(), application.applicantAccountId(), application.status(),
                    application.handlingStation(), application.actedFor(), application.submittedAt() != null,
                    application.version(), citizen ? rendered : other,
                    citizen ? other : rendered);
        });
        // a change heard between the check and the keeping drops it again (the drop counts before it removes)
        if (!unchanged(stamp)) {
            entries.asMap().remove(application.id(), kept);
        }
    }

    /** Drops what is kept of the application here, now. */
    void drop(UUID id) {
        changes.incrementAndGet(stripe(id));
        entries.invalidate(id);
    }

    /**
     * In a transaction that changes the application: drops what is kept of it here when the transaction completes
     * (other instances drop it when the live-feed key, published by the change, arrives).
     */
    void dropWhenComplete(UUID id) {
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
                drop(id);
            }
        });
    }

    @Override
    public void published(String key) {
        UUID id = ApplicationFeed.applicationOf(key);
        if (id != null) {
            drop(id);
        }
    }

    @Override
    public void resynchronise(long listening) {
        // changes published while nobody listened are lost: forget everything, then serve again
        resets.incrementAndGet();
        entries.invalidateAll();
        connection = listening;
    }

    /** How many applications have answers kept (tests, metrics). */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
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
