package org.errandless.evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.errandless.applications.ApplicationFacts;
import org.errandless.applications.ApplicationLookup;
import org.errandless.applications.Caller;
import org.errandless.applications.DeadlineWarnings;
import org.errandless.applications.WarningLevel;
import org.errandless.audit.AccessEntry;
import org.errandless.audit.AccessLog;
import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.CountingUnit;
import org.errandless.catalog.WorkingDayCalendar;
import org.errandless.common.crypto.PersonalDataMasks;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegistryService;
import org.errandless.registry.StationView;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * Evaluations (好差评) and the rectification (整改) of bad ones.
 *
 * <p>The applicant rates a <em>decided</em> application once: APPROVED, COMPLETED or REJECTED. DOMAIN.md puts the
 * rating "after the decision", and approving is the decision even where a hand-over step (APPROVED → COMPLETED)
 * follows; a refusal is a decision too, and the one a citizen most wants to rate. Before a decision, and for a WITHDRAWN
 * application (nobody decided), it is 409 {@code invalid-transition}. Giving it is guarded like every change of an
 * application: {@code If-Match} with the applicant's current {@code ETag} of the application.
 *
 * <p>A score of 1 or 2 is flagged and opens a rectification task for the supervisors whose scope covers the handling
 * station ({@link SupervisorScope}), due {@code errandless.evaluation.rectification-working-days} (15) working days
 * later; one of them closes it once with a note of what was done (the response the applicant reads with the
 * evaluation). After that the applicant may re-rate once: both scores are kept and the later one counts.
 *
 * <p>An officer of the handling station may appeal a flagged review as abusive, once, with a reason; a supervisor in
 * scope upholds the appeal (the review stays visible but leaves the statistics; an open rectification task closes
 * with the decision as its note) or rejects it, once. Every step is in the audit trail, and every change of what an
 * evaluation counts or of its task fires {@link EvaluationChanged} in its transaction. Applications the caller may not
 * see, and evaluations outside a supervisor's scope, are 404.
 */
@ApplicationScoped
public class EvaluationService {

    static final String SUPERVISION_PURPOSE = "督查办件评价及差评整改";

    @Inject
    ApplicationLookup applications;
    @Inject
    CatalogService catalog;
    @Inject
    RegistryService registry;
    @Inject
    AccessLog accessLog;
    @Inject
    AuditTrail audit;
    @Inject
    BusinessClock clock;
    @Inject
    EntityManager entityManager;
    @Inject
    CalendarService calendar;
    @Inject
    EvaluationConfig config;
    @Inject
    Event<EvaluationChanged> changes;

    /**
     * The applicant rates a decided application.
     *
     * @throws ProblemException 404; 428/412 for a missing or stale {@code If-Match}; 409 {@code invalid-transition}
     *         before a decision; 409 {@code evaluation-already-given} the second time
     */
    public EvaluationView give(Caller caller, UUID applicationId, String ifMatch, int score, String comment) {
        if (!caller.isCitizen()) {
            throw ProblemException.notFound("application");
        }
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        return inTransaction(() -> {
            ApplicationFacts application = applications.current(caller, applicationId, ifMatch);
            if (Evaluation.count("applicationId", application.id()) > 0) {
                throw alreadyGiven();
            }
            if (!application.decided()) {
                throw ProblemException.conflict("invalid-transition", "An application that is "
                        + application.status() + " cannot be evaluated: evaluations come after the decision");
            }
            Instant now = now();
            UUID id = UUID.randomUUID();
            boolean flagged = Evaluation.flags(score);
            // a concurrent second evaluation of the same application inserts nothing here rather than failing later
            int inserted = entityManager.createNativeQuery("insert into evaluation (id, application_id, "
                    + "applicant_account_id, applicant_person_id, service_code, station_code, score, comment, flagged, "
                    + "created_at) values (:id, :application, :account, :person, :service, :station, :score, "
                    + ":comment, :flagged, :at) on conflict (application_id) do nothing")
                    .setParameter("id", id).setParameter("application", application.id())
                    .setParameter("account", application.applicantAccountId())
                    .setParameter("person", application.applicantPersonId())
                    .setParameter("service", application.serviceCode())
                    .setParameter("station", application.handlingStation()).setParameter("score", score)
                    .setParameter("comment", text).setParameter("flagged", flagged).setParameter("at", now)
                    .executeUpdate();
            if (inserted == 0) {
                throw alreadyGiven();
            }
            if (flagged) {
                RectificationTask task = new RectificationTask();
                task.evaluationId = id;
                task.status = RectificationTask.Status.OPEN;
                task.openedAt = now;
                task.dueDate = calendar.dueDate(clock.today(), config.rectificationWorkingDays(),
                        CountingUnit.WORKING_DAYS).date();
                task.persist();
            }
            Evaluation evaluation = Evaluation.findById(id);
            audit.record(AuditEntry.success(AuditActor.citizen(caller.accountId().toString()), "evaluation.give")
                    .target("evaluation", id.toString()).detail("application", application.id().toString())
                    .detail("score", Integer.toString(score)));
            changed(evaluation);
            return view(evaluation);
        });
    }

    /**
     * The evaluation of an application, for its applicant or an officer of its handling station (whose read is
     * recorded in the applicant's data-access log).
     *
     * @throws ProblemException 404 when the caller may not see the application or it has no evaluation yet
     */
    public EvaluationView get(Caller caller, UUID applicationId) {
        return inTransaction(() -> {
            ApplicationFacts application = applications.visible(caller, applicationId);
            Evaluation evaluation = Evaluation.<Evaluation>find("applicationId", application.id())
                    .firstResultOptional().orElseThrow(() -> ProblemException.notFound("evaluation"));
            if (!caller.isCitizen()) {
                String station = registry.station(caller.station()).map(StationView::name).orElse(caller.station());
                accessLog.record(AccessEntry.byStaff(evaluation.applicantPersonId, caller.staffId(),
                        station + " 户籍民警", "evaluation", "查看办件评价"));
            }
            return view(evaluation);
        });
    }

    /**
     * The applicant's own evaluation of one of their applications, if they gave one: for the citizen's export of their
     * own data. Empty for an application that is not theirs, as for one without an evaluation.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<EvaluationView> ofApplicant(UUID accountId, UUID applicationId) {
        return Evaluation.<Evaluation>find("applicationId = ?1 and applicantAccountId = ?2", applicationId, accountId)
                .firstResultOptional().map(this::view);
    }

    /**
     * Evaluations in the supervisor's scope, newest first; {@code flagged} true for the flagged ones only, false for
     * the others, null for all; {@code appeal} only those with an appeal in that state (null: any or none). Each
     * listed evaluation is recorded in its applicant's data-access log.
     *
     * @throws ProblemException 400 {@code validation-failed} for a foreign cursor or a bad limit
     */
    public Page<SupervisedEvaluation> list(SupervisorScope scope, Boolean flagged, EvaluationAppeal.Status appeal,
            String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        Instant at = null;
        UUID after = null;
        if (cursor != null) {
            String[] keys = Cursors.decode(cursor, 2);
            try {
                at = Instant.EPOCH.plus(Long.parseLong(keys[0]), ChronoUnit.MICROS);
                after = UUID.fromString(keys[1]);
            } catch (RuntimeException e) {
                throw ProblemException.validation(
                        List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
            }
        }
        Instant cursorAt = at;
        UUID cursorId = after;
        return inTransaction(() -> {
            StringBuilder query = new StringBuilder("1 = 1");
            Parameters parameters = new Parameters();
            if (scope.station() != null) {
                query.append(" and stationCode = :station");
                parameters.and("station", scope.station());
            } else if (scope.division() != null) {
                List<String> stations = registry.stationsInDivision(scope.division()).stream()
                        .map(StationView::code).toList();
                if (stations.isEmpty()) {
                    return Page.<SupervisedEvaluation>last(List.of());
                }
                query.append(" and stationCode in :stations");
                parameters.and("stations", stations);
            }
            if (flagged != null) {
                query.append(" and flagged = :flagged");
                parameters.and("flagged", flagged);
            }
            if (appeal != null) {
                query.append(" and id in (select a.evaluationId from EvaluationAppeal a where a.status = :appeal)");
                parameters.and("appeal", appeal);
            }
            if (cursorAt != null) {
                query.append(" and (createdAt < :at or (createdAt = :at and id < :after))");
                parameters.and("at", cursorAt).and("after", cursorId);
            }
            List<Evaluation> found = Evaluation.<Evaluation>find(query.toString(),
                    Sort.descending("createdAt", "id"), parameters).range(0, size).list();
            List<SupervisedEvaluation> items = new ArrayList<>();
            for (int i = 0; i < Math.min(size, found.size()); i++) {
                items.add(supervised(found.get(i), scope));
            }
            if (found.size() <= size) {
                return Page.last(items);
            }
            Evaluation last = found.get(size - 1);
            return new Page<>(items, Cursors.encode(
                    Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, last.createdAt)), last.id.toString()));
        });
    }

    /**
     * Closes the rectification task of a flagged evaluation in the supervisor's scope, once; audited.
     *
     * @throws ProblemException 404 for an evaluation outside the scope or one that is not flagged (it has no task);
     *         409 {@code rectification-already-closed} the second time
     */
    public SupervisedEvaluation rectify(SupervisorScope scope, UUID evaluationId, String note) {
        return inTransaction(() -> {
            Evaluation evaluation = evaluationId == null ? null : Evaluation.findById(evaluationId);
            if (evaluation == null || !inScope(scope, evaluation)) {
                throw ProblemException.notFound("evaluation");
            }
            if (!evaluation.flagged) {
                throw new ProblemException(404, "not-found",
                        "This evaluation is not flagged, so there is no rectification task to close");
            }
            // the guarded update is the "once": of two supervisors closing at the same time, one changes nothing
            int closed = entityManager.createQuery("update RectificationTask set status = :closed, closedAt = :at, "
                    + "closedBy = :by, note = :note where evaluationId = :id and status = :open")
                    .setParameter("closed", RectificationTask.Status.CLOSED).setParameter("at", now())
                    .setParameter("by", scope.staffId()).setParameter("note", note.strip())
                    .setParameter("id", evaluation.id).setParameter("open", RectificationTask.Status.OPEN)
                    .executeUpdate();
            if (closed == 0) {
                throw ProblemException.conflict("rectification-already-closed",
                        "The rectification of this evaluation was already closed");
            }
            entityManager.clear();
            Evaluation closedOne = Evaluation.findById(evaluation.id);
            SupervisedEvaluation item = supervised(closedOne, scope);
            audit.record(AuditEntry.success(AuditActor.staff(scope.staffId(), scope.auditLabel()),
                    "evaluation.rectification.close").target("evaluation", evaluation.id.toString())
                    .detail("station", evaluation.stationCode).detail("score", Integer.toString(evaluation.score)));
            changed(closedOne);
            return item;
        });
    }

    /**
     * The applicant re-rates once the rectification task of their flagged evaluation is closed: once; both scores are
     * kept and the later one counts. A low re-rating opens no second task (the loop ends with the citizen's verdict).
     *
     * @throws ProblemException 404 when the caller may not see the application or it has no evaluation; 428/412 for
     *         a missing or stale {@code If-Match}; 409 {@code re-rating-not-allowed} before the task is closed (or for
     *         an evaluation without one); 409 {@code re-rating-already-given} the second time
     */
    public EvaluationView rerate(Caller caller, UUID applicationId, String ifMatch, int score, String comment) {
        if (!caller.isCitizen()) {
            throw ProblemException.notFound("application");
        }
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        return inTransaction(() -> {
            ApplicationFacts application = applications.current(caller, applicationId, ifMatch);
            Evaluation evaluation = Evaluation.<Evaluation>find("applicationId", application.id())
                    .firstResultOptional().orElseThrow(() -> ProblemException.notFound("evaluation"));
            if (evaluation.reratingScore != null) {
                throw reratedAlready();
            }
            RectificationTask task = evaluation.flagged ? RectificationTask.findById(evaluation.id) : null;
            if (task == null || task.status != RectificationTask.Status.CLOSED) {
                throw ProblemException.conflict("re-rating-not-allowed", "An evaluation can be given again only "
                        + "once its rectification task is closed");
            }
            // the guarded update is the "once": of two re-ratings at the same time, one changes nothing
            int updated = entityManager.createQuery("update Evaluation set reratingScore = :score, "
                    + "reratingComment = :comment, reratedAt = :at where id = :id and reratingScore is null")
                    .setParameter("score", score).setParameter("comment", text).setParameter("at", now())
                    .setParameter("id", evaluation.id).executeUpdate();
            if (updated == 0) {
                throw reratedAlready();
            }
            entityManager.clear();
            Evaluation rerated = Evaluation.findById(evaluation.id);
            audit.record(AuditEntry.success(AuditActor.citizen(caller.accountId().toString()), "evaluation.rerate")
                    .target("evaluation", evaluation.id.toString()).detail("score", Integer.toString(score))
                    .detail("firstScore", Integer.toString(evaluation.score)));
            changed(rerated);
            return view(rerated);
        });
    }

    /**
     * An officer of the handling station appeals a flagged review as abusive, once, with a reason; audited.
     *
     * @throws ProblemException 404 when the officer may not see the application or it has no evaluation; 409
     *         {@code appeal-not-allowed} for a review that is not flagged; 409 {@code appeal-already-filed} the
     *         second time
     */
    public EvaluationView appeal(Caller caller, UUID applicationId, String reason) {
        if (caller.isCitizen()) {
            throw ProblemException.notFound("application");
        }
        return inTransaction(() -> {
            ApplicationFacts application = applications.visible(caller, applicationId);
            Evaluation evaluation = Evaluation.<Evaluation>find("applicationId", application.id())
                    .firstResultOptional().orElseThrow(() -> ProblemException.notFound("evaluation"));
            if (!evaluation.flagged) {
                throw ProblemException.conflict("appeal-not-allowed",
                        "Only a bad review (score 1 or 2) can be appealed as abusive");
            }
            int inserted = entityManager.createNativeQuery("insert into evaluation_appeal (evaluation_id, status, "
                    + "reason, filed_by, filed_at) values (:id, 'PENDING', :reason, :by, :at) "
                    + "on conflict (evaluation_id) do nothing").setParameter("id", evaluation.id)
                    .setParameter("reason", reason.strip()).setParameter("by", caller.staffId())
                    .setParameter("at", now()).executeUpdate();
            if (inserted == 0) {
                throw ProblemException.conflict("appeal-already-filed",
                        "This review has already been appealed; an appeal is filed once");
            }
            audit.record(AuditEntry.success(AuditActor.staff(caller.staffId(), "OFFICER @ " + caller.station()),
                    "evaluation.appeal.file").target("evaluation", evaluation.id.toString())
                    .detail("station", evaluation.stationCode).detail("score", Integer.toString(evaluation.score)));
            return view(evaluation);
        });
    }

    /**
     * A supervisor in scope decides a pending appeal, once: upheld takes the review out of the statistics (it stays
     * visible) and closes an open rectification task with the decision as its note; rejected changes nothing else.
     * Audited.
     *
     * @throws ProblemException 404 for an evaluation outside the scope or one without an appeal; 409
     *         {@code appeal-already-decided} the second time
     */
    public SupervisedEvaluation decideAppeal(SupervisorScope scope, UUID evaluationId, boolean upheld, String note) {
        return inTransaction(() -> {
            Evaluation evaluation = evaluationId == null ? null : Evaluation.findById(evaluationId);
            if (evaluation == null || !inScope(scope, evaluation)) {
                throw ProblemException.notFound("evaluation");
            }
            if (EvaluationAppeal.findById(evaluation.id) == null) {
                throw new ProblemException(404, "not-found", "No appeal was filed against this evaluation");
            }
            Instant now = now();
            String text = note.strip();
            int decided = entityManager.createQuery("update EvaluationAppeal set status = :status, decidedBy = :by, "
                    + "decidedAt = :at, decisionNote = :note where evaluationId = :id and status = :pending")
                    .setParameter("status", upheld ? EvaluationAppeal.Status.UPHELD : EvaluationAppeal.Status.REJECTED)
                    .setParameter("by", scope.staffId()).setParameter("at", now).setParameter("note", text)
                    .setParameter("id", evaluation.id).setParameter("pending", EvaluationAppeal.Status.PENDING)
                    .executeUpdate();
            if (decided == 0) {
                throw ProblemException.conflict("appeal-already-decided", "This appeal has already been decided");
            }
            if (upheld) {
                entityManager.createQuery("update Evaluation set excludedFromStatistics = true where id = :id")
                        .setParameter("id", evaluation.id).executeUpdate();
                entityManager.createQuery("update RectificationTask set status = :closed, closedAt = :at, "
                        + "closedBy = :by, note = :note where evaluationId = :id and status = :open")
                        .setParameter("closed", RectificationTask.Status.CLOSED).setParameter("at", now)
                        .setParameter("by", scope.staffId()).setParameter("note", "差评申诉成立：" + text)
                        .setParameter("id", evaluation.id).setParameter("open", RectificationTask.Status.OPEN)
                        .executeUpdate();
            }
            entityManager.clear();
            Evaluation after = Evaluation.findById(evaluation.id);
            SupervisedEvaluation item = supervised(after, scope);
            audit.record(AuditEntry.success(AuditActor.staff(scope.staffId(), scope.auditLabel()),
                    upheld ? "evaluation.appeal.uphold" : "evaluation.appeal.reject")
                    .target("evaluation", evaluation.id.toString()).detail("station", evaluation.stationCode));
            changed(after);
            return item;
        });
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    private boolean inScope(SupervisorScope scope, Evaluation evaluation) {
        if (scope.cityWide()) {
            return true;
        }
        String division = registry.station(evaluation.stationCode).map(StationView::divisionCode).orElse(null);
        return scope.covers(evaluation.stationCode, division);
    }

    private SupervisedEvaluation supervised(Evaluation evaluation, SupervisorScope scope) {
        accessLog.record(AccessEntry.byStaff(evaluation.applicantPersonId, scope.staffId(), "户籍督查", "evaluation",
                SUPERVISION_PURPOSE));
        String name = registry.person(evaluation.applicantPersonId).map(PersonView::name).orElse(null);
        return new SupervisedEvaluation(evaluation.id, evaluation.applicationId, evaluation.serviceCode,
                catalog.service(evaluation.serviceCode).name(), evaluation.stationCode,
                registry.station(evaluation.stationCode).map(StationView::name).orElse(null), evaluation.score,
                evaluation.comment, evaluation.flagged, evaluation.createdAt, PersonalDataMasks.name(name), rerating(evaluation),
                evaluation.countedScore(), evaluation.excludedFromStatistics, rectification(evaluation),
                appeal(evaluation));
    }

    private EvaluationView view(Evaluation evaluation) {
        return new EvaluationView(evaluation.id, evaluation.applicationId, evaluation.serviceCode,
                evaluation.stationCode, evaluation.score, evaluation.comment, evaluation.flagged,
                evaluation.createdAt, rerating(evaluation), evaluation.countedScore(),
                evaluation.excludedFromStatistics, rectification(evaluation), appeal(evaluation));
    }

    private static EvaluationView.Rerating rerating(Evaluation evaluation) {
        return evaluation.reratingScore == null ? null
                : new EvaluationView.Rerating(evaluation.reratingScore, evaluation.reratingComment,
                        evaluation.reratedAt);
    }

    private EvaluationView.Rectification rectification(Evaluation evaluation) {
        if (!evaluation.flagged) {
            return null;
        }
        RectificationTask task = RectificationTask.findById(evaluation.id);
        if (task == null) {
            return null;
        }
        WarningLevel level = task.status == RectificationTask.Status.OPEN
                ? DeadlineWarnings.level(task.dueDate, clock.today(), workingDays())
                : WarningLevel.NONE;
        return new EvaluationView.Rectification(task.status, task.openedAt, task.dueDate, level, task.closedAt,
                task.note);
    }

    private static EvaluationView.Appeal appeal(Evaluation evaluation) {
        EvaluationAppeal appeal = EvaluationAppeal.findById(evaluation.id);
        return appeal == null ? null
                : new EvaluationView.Appeal(appeal.status, appeal.reason, appeal.filedAt, appeal.decidedAt,
                        appeal.decisionNote);
    }

    /** Tells observers (supervision) what the evaluation counts now and whether its task is open. */
    private void changed(Evaluation evaluation) {
        RectificationTask task = evaluation.flagged ? RectificationTask.findById(evaluation.id) : null;
        LocalDate due = task != null && task.status == RectificationTask.Status.OPEN ? task.dueDate : null;
        changes.fire(new EvaluationChanged(evaluation.id, evaluation.applicationId, evaluation.stationCode,
                evaluation.serviceCode, evaluation.createdAt, evaluation.countedScore(), due));
    }

    private WorkingDayCalendar workingDays() {
        return calendar.calendar();
    }

    private static ProblemException reratedAlready() {
        return ProblemException.conflict("re-rating-already-given", "This evaluation has already been given again");
    }

    private static ProblemException alreadyGiven() {
        return ProblemException.conflict("evaluation-already-given", "This application has already been evaluated");
    }

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> T inTransaction(Supplier<T> work) {
        try {
            return QuarkusTransaction.requiringNew().call(work::get);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ProblemException problem) {
                    throw problem;
                }
            }
            throw e;
        }
    }
}
