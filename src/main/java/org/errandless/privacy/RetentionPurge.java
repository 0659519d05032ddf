package org.errandless.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.errandless.applications.ApplicationRetention;
import org.errandless.audit.AccessRecordRetention;
import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.time.BusinessClock;
import org.errandless.documents.DocumentRetention;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The scheduled purge of what no rule requires us to keep any longer (PIPL art. 19 and 47: keep personal information
 * no longer than its purpose needs), keeping what the law does require:
 * <ul>
 * <li>access records older than {@code errandless.privacy.retention.access-records}, and never younger than three
 * years (the database function that deletes them enforces that on its own clock, {@link AccessRecordRetention});</li>
 * <li>documents attached only to applications closed longer ago than {@code …closed-application-documents};</li>
 * <li>documents attached to no application, uploaded longer ago than {@code …unattached-documents}.</li>
 * </ul>
 * Delivered and failed outbox messages have their own purge ({@code errandless.notifications.retention}). The register
 * and its change history, the applications themselves (form, decision, timeline), certificates and the audit trail
 * are never purged.
 *
 * <p>Every deletion is a small batch in a transaction of its own; a document is deleted under its row lock after its
 * rule is asked again, so one attached meanwhile stays. One instance runs the purge ({@link RetentionJobs}); should two
 * ever overlap (a lease that ran out), they skip each other's locked rows and each deletes what is left, so the
 * outcome is the same. Each run is recorded in the audit trail with what it deleted.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    static final String ACTION = "privacy.retention.purge";

    @Inject
    PrivacyConfig config;
    @Inject
    BusinessClock clock;
    @Inject
    RetentionJobs jobs;
    @Inject
    AccessRecordRetention accessRecords;
    @Inject
    ApplicationRetention applications;
    @Inject
    DocumentRetention documents;
    @Inject
    AuditTrail audit;

    /** What one run deleted. */
    public record Report(long accessRecords, long closedApplicationDocuments, long unattachedDocuments,
            boolean finished) {
    }

    /** Refuses to start with a retention the law does not allow, or that means nothing. */
    void check(@Observes StartupEvent started) {
        validate(config.retention());
        // checked here, not by Bean Validation on the mapping: that builds a validator over every mapping at start
        if (config.purge().batchSize() < 1 || config.purge().batchSize() > 10_000) {
            throw new IllegalStateException("errandless.privacy.purge.batch-size must be 1..10000, not "
                    + config.purge().batchSize());
        }
        if (config.export().permits() < 1) {
            throw new IllegalStateException("errandless.privacy.export.permits must be at least 1, not "
                    + config.export().permits());
        }
    }

    /**
     * The checks of {@link #check}: every period positive, access records kept at least the legal minimum.
     *
     * @throws IllegalStateException naming the setting otherwise
     */
    static void validate(PrivacyConfig.Retention retention) {
        requirePositive("access-records", retention.accessRecords());
        requirePositive("closed-application-documents", retention.closedApplicationDocuments());
        requirePositive("unattached-documents", retention.unattachedDocuments());
        LocalDate day = LocalDate.of(2000, 1, 1);
        if (day.plus(retention.accessRecords()).isBefore(day.plus(AccessRecordRetention.LEGAL_MINIMUM))) {
            throw new IllegalStateException("errandless.privacy.retention.access-records is "
                    + retention.accessRecords() + ": access records must be kept at least "
                    + AccessRecordRetention.LEGAL_MINIMUM + " (PIPL art. 56)");
        }
    }

    private static void requirePositive(String key, Period period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalStateException("errandless.privacy.retention." + key + " must be a positive period, not "
                    + period);
        }
    }

    @Scheduled(identity = "retention-purge", cron = "{errandless.privacy.purge.cron}", timeZone = "Asia/Shanghai",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        UUID claim = jobs.claim(RetentionJobs.PURGE, config.purge().lease());
        if (claim == null) {
            LOG.debug("Retention purge: another instance runs it, or ran it moments ago");
            return;
        }
        try {
            Report report = run(clock.now(), () -> jobs.renew(RetentionJobs.PURGE, claim, config.purge().lease()));
            LOG.infof("Retention purge: %d access record(s), %d document(s) of closed applications, %d unattached "
                    + "document(s) deleted%s", report.accessRecords(), report.closedApplicationDocuments(),
                    report.unattachedDocuments(), report.finished() ? "" : " (stopped: the job was taken over)");
        } finally {
            jobs.finish(RetentionJobs.PURGE, claim);
        }
    }

    /**
     * One run as of {@code asOf}: each kind in batches, asking {@code stillMine} after every batch (false: another
     * instance took the job over, stop). Runs outside any transaction.
     */
    public Report run(Instant asOf, BooleanSupplier stillMine) {
        int batch = config.purge().batchSize();
        PrivacyConfig.Retention retention = config.retention();

        Instant accessCutoff = before(asOf, retention.accessRecords());
        long accessDeleted = 0;
        boolean mine = true;
        int deleted;
        do {
            deleted = accessRecords.purgeBefore(accessCutoff, batch);
            accessDeleted += deleted;
            mine = stillMine.getAsBoolean();
        } while (deleted == batch && mine);

        Instant closedCutoff = before(asOf, retention.closedApplicationDocuments());
        long closedDeleted = 0;
        UUID after = null;
        while (mine) {
            List<UUID> found = applications.documentsOnlyOfApplicationsClosedBefore(closedCutoff, after, batch);
            for (UUID id : found) {
                if (documents.purge(id, document -> applications.onlyOfApplicationsClosedBefore(document,
                        closedCutoff))) {
                    closedDeleted++;
                }
            }
            mine = stillMine.getAsBoolean();
            if (found.size() < batch) {
                break;
            }
            after = found.get(found.size() - 1);
        }

        Instant unattachedCutoff = before(asOf, retention.unattachedDocuments());
        long unattachedDeleted = 0;
        DocumentRetention.Aged position = null;
        while (mine) {
            List<DocumentRetention.Aged> aged = documents.createdBefore(unattachedCutoff, position, batch);
            List<UUID> ids = new ArrayList<>(aged.size());
            aged.forEach(each -> ids.add(each.id()));
            Set<UUID> attached = applications.attachedAmong(ids);
            for (UUID id : ids) {
                if (!attached.contains(id) && documents.purge(id, document -> !applications.attached(document))) {
                    unattachedDeleted++;
                }
            }
            mine = stillMine.getAsBoolean();
            if (aged.size() < batch) {
                break;
            }
            position = aged.get(aged.size() - 1);
        }

        Report report = new Report(accessDeleted, closedDeleted, unattachedDeleted, mine);
        audit.record(AuditEntry.success(AuditActor.system("retention-purge"), ACTION)
                .detail("accessRecords", Long.toString(accessDeleted))
                .detail("accessRecordsBefore", accessCutoff.toString())
                .detail("closedApplicationDocuments", Long.toString(closedDeleted))
                .detail("closedApplicationsBefore", closedCutoff.toString())
                .detail("unattachedDocuments", Long.toString(unattachedDeleted))
                .detail("unattachedBefore", unattachedCutoff.toString())
                .detail("finished", Boolean.toString(mine)));
        return report;
    }

    /** The instant a period before {@code asOf}, counted in calendar years and days of Asia/Shanghai. */
    static Instant before(Instant asOf, Period period) {
        return asOf.atZone(BusinessClock.ZONE).minus(period).toInstant();
    }
}
