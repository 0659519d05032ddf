package org.errandless.supervision;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.common.time.BusinessClock;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Moves deadline warnings when the business date moves on: every {@code errandless.supervision.warnings.every} on every
 * instance; the rows are claimed with {@code SKIP LOCKED} and each change notifies once (see {@link WarningService}),
 * so any number of instances may run it. Transitions move their own warning at once, in their transaction.
 */
@ApplicationScoped
public class WarningJob {

    private static final Logger LOG = Logger.getLogger(WarningJob.class);

    @Inject
    WarningService warnings;
    @Inject
    BusinessClock clock;

    @Scheduled(identity = "supervision-warnings", every = "{errandless.supervision.warnings.every}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int moved = warnings.sweep(clock.today());
        if (moved > 0) {
            LOG.infof("Deadline warnings: %d level(s) moved", moved);
        }
    }
}
