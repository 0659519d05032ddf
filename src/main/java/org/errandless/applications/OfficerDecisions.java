package org.errandless.applications;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.applications.forms.ServiceRules;
import org.errandless.catalog.CalendarService;
import org.errandless.catalog.DueDate;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.web.PreparedBody;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The officer's transitions of DOMAIN.md's table, with their deadlines and their effects on the register; each runs
 * as {@link ApplicationChanges} says, may carry an INTERNAL note for the station, and answers the officer's new
 * representation.
 */
@ApplicationScoped
public class OfficerDecisions {

    @Inject
    ApplicationChanges changes;
    @Inject
    CalendarService calendar;
    @Inject
    ServiceRules rules;
    @Inject
    ObjectMapper json;
    @Inject
    MoveInConsents consents;

    /** SUBMITTED → ACCEPTED: the service's due date is fixed from today. */
    public PreparedBody accept(Caller caller, UUID id, String ifMatch, String comment, String note) {
        return changes.change(caller, id, ifMatch, (application, service) -> ApplicationChanges.withNote(application,
                note, application.accept(ActorRole.OFFICER, calendar.dueDate(changes.today(),
                        service.timeLimit().amount(), service.timeLimit().unit()), comment, changes.now())));
    }

    /** SUBMITTED → SUPPLEMENT_REQUIRED, once, naming every missing material of the service. */
    public PreparedBody requestSupplement(Caller caller, UUID id, String ifMatch, List<String> materials,
            String comment, String note) {
        return changes.change(caller, id, ifMatch, (application, service) -> {
            application.requireAllowed(ApplicationAction.REQUEST_SUPPLEMENT);
            List<Problem.InvalidParam> unknown = new ArrayList<>();
            for (int i = 0; i < materials.size(); i++) {
                if (service.material(materials.get(i)).isEmpty()) {
                    unknown.add(new Problem.InvalidParam("missingMaterials[" + i + "]",
                            "is not a material of " + service.code(), "invalid"));
                }
            }
            if (!unknown.isEmpty()) {
                throw ProblemException.validation(unknown);
            }
            ArrayNode codes = json.createArrayNode();
            materials.stream().distinct().forEach(codes::add);
            return ApplicationChanges.withNote(application, note,
                    application.requestSupplement(codes.toString(), comment, changes.now()));
        });
    }

    /** SUBMITTED (不予受理, reason) or ACCEPTED (reason and legal basis) → REJECTED. */
    public PreparedBody reject(Caller caller, UUID id, String ifMatch, String reason, String legalBasis,
            String note) {
        return changes.change(caller, id, ifMatch, (application, service) -> {
            application.requireAllowed(ApplicationAction.REJECT);
            boolean onTheMerits = application.status == ApplicationStatus.ACCEPTED;
            if (onTheMerits && (legalBasis == null || legalBasis.isBlank())) {
                throw ProblemException.validation(List.of(new Problem.InvalidParam("legalBasis",
                        "is required to reject an accepted application", "required")));
            }
            return ApplicationChanges.withNote(application, note,
                    application.reject(reason, legalBasis, changes.now()));
        });
    }

    /** ACCEPTED → SUSPENDED: the clock stops today. */
    public PreparedBody suspend(Caller caller, UUID id, String ifMatch, String reason, String note) {
        return changes.change(caller, id, ifMatch, (application, service) -> ApplicationChanges.withNote(application,
                note, application.suspend(reason, changes.today(), changes.now())));
    }

    /** SUSPENDED → ACCEPTED, the due date moved by the counting days from the suspension up to today. */
    public PreparedBody resume(Caller caller, UUID id, String ifMatch, String comment, String note) {
        return changes.change(caller, id, ifMatch, (application, service) -> {
            application.requireAllowed(ApplicationAction.RESUME);
            DueDate moved = calendar.afterSuspension(new DueDate(application.dueDate, !application.dueDateProvisional),
                    application.suspendedOn, changes.today(), service.timeLimit().unit());
            return ApplicationChanges.withNote(application, note, application.resume(moved, comment, changes.now()));
        });
    }

    /**
     * ACCEPTED → COMPLETED (or APPROVED with a hand-over step), applying the effect in the same transaction; a MOVE_IN
     * needs the receiving head's consent first ({@link MoveInConsents#requireGranted}); refused because no request asks
     * the head it needs, it asks them ({@link MoveInConsents#askWhereNoneAsks}) and is still 409
     * {@code consent-missing}.
     */
    public PreparedBody approve(Caller caller, UUID id, String ifMatch, String comment, String note) {
        try {
            return changes.change(caller, id, ifMatch, (application, service) -> {
                application.requireAllowed(ApplicationAction.APPROVE);
                consents.requireGranted(application);
                Submission.addSubjects(application, rules.applyApproval(service, application.applicantPersonId,
                        changes.formOf(application), application.id));
                return ApplicationChanges.withNote(application, note, application.approve(ActorRole.OFFICER,
                        service.handOverStep(), comment, changes.now()));
            });
        } catch (ProblemException e) {
            // refused for want of a consent nobody was asked for: ask now (after the refusal's rollback), say so
            if (MoveInConsents.CONSENT_MISSING.equals(e.code()) && consents.askWhereNoneAsks(id)) {
                throw ProblemException.conflict(MoveInConsents.CONSENT_MISSING, "Nobody had been asked for this "
                        + "consent: the head of the receiving household has been asked now (by SMS, and in their "
                        + "app); approve once they granted it");
            }
            throw e;
        }
    }

    /** APPROVED → COMPLETED: handed over. */
    public PreparedBody complete(Caller caller, UUID id, String ifMatch, String comment, String note) {
        return changes.change(caller, id, ifMatch, (application, service) -> {
            application.requireAllowed(ApplicationAction.COMPLETE);
            if (service.handOverStep()) {
                rules.applyCompletion(service, application.id);
            }
            return ApplicationChanges.withNote(application, note, application.complete(comment, changes.now()));
        });
    }
}
