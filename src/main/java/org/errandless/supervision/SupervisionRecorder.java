package org.errandless.supervision;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.errandless.applications.ApplicationProgress;
import org.errandless.applications.ApplicationStatus;
import org.errandless.applications.ApplicationStatusChanged;
import org.errandless.catalog.DueDates;
import org.errandless.common.time.BusinessClock;
import org.errandless.evaluation.EvaluationChanged;
import org.jboss.logging.Logger;

/**
 * Keeps supervision's records in step with the applications and evaluations it supervises, by observing their events
 * inside the transaction of each change (so a figure or a warning commits exactly when the change does, and never
 * without it): the statistics' facts of each submitted application ({@link SupervisedApplication}) and the warnings
 * of running deadlines ({@link WarningService#track}).
 *
 * <p>Dates are the business dates (Asia/Shanghai) of the events. The deadline tracked is the application's state after
 * the whole change, read through {@link ApplicationProgress} (an instant service's submission and completion are two
 * events of one change; both see it completed, so no warning starts).
 */
@ApplicationScoped
public class SupervisionRecorder {

    private static final Logger LOG = Logger.getLogger(SupervisionRecorder.class);

    @Inject
    ApplicationProgress applications;
    @Inject
    WarningService warnings;
    @Inject
    BusinessClock clock;

    void onStatusChanged(@Observes ApplicationStatusChanged change) {
        if (change.handlingStation() == null || change.to() == ApplicationStatus.DRAFT) {
            // a draft being created or withdrawn: nothing was received yet
            return;
        }
        ApplicationProgress.Progress progress = applications.of(change.applicationId()).orElse(null);
        if (progress == null) {
            LOG.warnf("Application %s changed but cannot be read; supervision records skipped",
                    change.applicationId());
            return;
        }
        LocalDate day = DueDates.businessDate(change.at());
        SupervisedApplication facts = SupervisedApplication.findById(change.applicationId());
        if (facts == null) {
            facts = new SupervisedApplication();
            facts.applicationId = change.applicationId();
            facts.stationCode = change.handlingStation();
            facts.divisionCode = WarningService.divisionOf(change.handlingStation());
            facts.serviceCode = change.serviceCode();
            facts.receivedOn = day;
            facts.status = change.to();
            facts.updatedAt = now();
            facts.persist();
        }
        apply(facts, change, progress, day);
        warnings.track(WarningSubject.APPLICATION, change.applicationId(), change.applicationId(),
                change.handlingStation(), change.serviceCode(), progress.runningDeadline());
    }

    private void apply(SupervisedApplication facts, ApplicationStatusChanged change,
            ApplicationProgress.Progress progress, LocalDate day) {
        ApplicationStatus from = change.from();
        facts.status = change.to();
        facts.updatedAt = now();
        switch (change.to()) {
            case ACCEPTED -> {
                if (from == ApplicationStatus.SUBMITTED) {
                    facts.acceptedOn = day;
                }
            }
            case SUPPLEMENT_REQUIRED -> facts.supplementRequested = true;
            case APPROVED -> decide(facts, SupervisedApplication.Outcome.APPROVED, day, progress.dueDate(), change);
            case COMPLETED -> {
                if (from != ApplicationStatus.APPROVED) {
                    // approved and completed in one step (no hand-over), or an instant service
                    decide(facts, SupervisedApplication.Outcome.APPROVED, day, progress.dueDate(), change);
                }
                facts.completedOn = day;
            }
            case REJECTED -> {
                boolean refused = from == ApplicationStatus.SUBMITTED;
                decide(facts, refused ? SupervisedApplication.Outcome.REFUSED : SupervisedApplication.Outcome.REJECTED,
                        day, refused ? progress.acceptanceDueDate() : progress.dueDate(), change);
            }
            case WITHDRAWN -> facts.withdrawnOn = day;
            default -> {
                // SUBMITTED (first or again), SUSPENDED, resumed ACCEPTED: only the status moves
            }
        }
        facts.supplementRequested = facts.supplementRequested || progress.supplementRequested();
    }

    private void decide(SupervisedApplication facts, SupervisedApplication.Outcome outcome, LocalDate day,
            LocalDate deadline, ApplicationStatusChanged change) {
        facts.outcome = outcome;
        facts.decidedOn = day;
        facts.decidedLate = deadline != null && day.isAfter(deadline);
        facts.uploaded = applications.anyUpload(change.applicationId());
    }

    void onEvaluationChanged(@Observes EvaluationChanged change) {
        SupervisedApplication facts = SupervisedApplication.findById(change.applicationId());
        if (facts != null) {
            facts.evaluatedOn = DueDates.businessDate(change.evaluatedAt());
            facts.score = change.countedScore();
            facts.updatedAt = now();
        } else {
            LOG.warnf("Evaluation %s of application %s, which supervision never saw submitted",
                    change.evaluationId(), change.applicationId());
        }
        warnings.track(WarningSubject.RECTIFICATION, change.evaluationId(), change.applicationId(),
                change.stationCode(), change.serviceCode(), change.rectificationDueDate());
    }

    private java.time.Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MICROS);
    }
}
