package org.errandless.evaluation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.errandless.applications.ApplicationFacts;
import org.errandless.applications.ApplicationLookup;
import org.errandless.applications.Caller;
import org.errandless.audit.AccessEntry;
import org.errandless.audit.AccessLog;
import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.catalog.CatalogService;
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
 * station ({@link SupervisorScope}); one of them closes it once with a note of what was done, which the audit trail
 * records. Applications the caller may not see, and evaluations outside a supervisor's scope, are 404.
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
                task.persist();
            }
            return view(Evaluation.findById(id));
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
     * the others, null for all. Each listed evaluation is recorded in its applicant's data-access log.
     *
     * @throws ProblemException 400 {@code validation-failed} for a foreign cursor or a bad limit
     */
    public Page<SupervisedEvaluation> list(SupervisorScope scope, Boolean flagged, String cursor, Integer limit) {
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
            SupervisedEvaluation item = supervised(Evaluation.findById(evaluation.id), scope);
            audit.record(AuditEntry.success(AuditActor.staff(scope.staffId(), scope.auditLabel()),
                    "evaluation.rectification.close").target("evaluation", evaluation.id.toString())
                    .detail("station", evaluation.stationCode).detail("score", Integer.toString(evaluation.score)));
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
                evaluation.comment, evaluation.flagged, evaluation.createdAt, maskName(name),
                rectification(evaluation));
    }

    private EvaluationView view(Evaluation evaluation) {
        return new EvaluationView(evaluation.id, evaluation.applicationId, evaluation.serviceCode,
                evaluation.stationCode, evaluation.score, evaluation.comment, evaluation.flagged,
                evaluation.createdAt, rectification(evaluation));
    }

    private static EvaluationView.Rectification rectification(Evaluation evaluation) {
        if (!evaluation.flagged) {
            return null;
        }
        RectificationTask task = RectificationTask.findById(evaluation.id);
        return task == null ? null
                : new EvaluationView.Rectification(task.status, task.openedAt, task.closedAt, task.note);
    }

    /** {@code 张伟} → {@code 张*}: the family name stays recognisable, the rest does not. */
    static String maskName(String name) {
        if (name == null || name.isBlank()) {
            return "*";
        }
        String trimmed = name.strip();
        int rest = trimmed.codePointCount(0, trimmed.length()) - 1;
        return rest == 0 ? "*" : new String(Character.toChars(trimmed.codePointAt(0))) + "*".repeat(rest);
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
