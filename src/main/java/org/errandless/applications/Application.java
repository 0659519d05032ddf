package org.errandless.applications;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.errandless.catalog.DueDate;
import org.errandless.common.problem.ProblemException;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An application (办件), the aggregate of the lifecycle: each named transition checks DOMAIN.md's transition table
 * ({@link Lifecycle}), refuses anything else with 409 {@code invalid-transition}, updates the deadlines and returns
 * the timeline event that records it (the caller persists it after the update is flushed, so a lost race surfaces as
 * an optimistic-locking failure, not as a duplicate event number).
 */
@Entity
@Table(name = "application")
public class Application extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "service_code")
    public String serviceCode;
    @Column(name = "applicant_account_id")
    public UUID applicantAccountId;
    /**
     * The person of the register the matter concerns (whose hukou it changes, for whom the service's rules are
     * evaluated): the account's own person, or the minor or principal it acts for ({@link #actingPersonId}).
     */
    @Column(name = "applicant_person_id")
    public UUID applicantPersonId;
    /** The account's person when it acts for {@link #applicantPersonId} (a parent, an authorised agent); else null. */
    @Column(name = "acting_person_id")
    public UUID actingPersonId;
    /** On what ground {@link #actingPersonId} acts; null when the person applies for themself. */
    @Enumerated(EnumType.STRING)
    @Column(name = "acting_basis")
    public ActingBasis actingBasis;
    /** The 代办 authorisation an agent acts under ({@link ActingBasis#AUTHORISATION}); else null. */
    @Column(name = "authorisation_id")
    public UUID authorisationId;
    /** Who applied and whom it is about, as the register showed them at creation (JSON, jsonb). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String parties;
    @Enumerated(EnumType.STRING)
    public ApplicationStatus status;
    /** The form as JSON text (jsonb). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String form;
    @Column(name = "handling_station")
    public String handlingStation;
    @Column(name = "target_household_id")
    public UUID targetHouseholdId;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @Column(name = "accepted_at")
    public Instant acceptedAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "acceptance_due_date")
    public LocalDate acceptanceDueDate;
    @Column(name = "due_date")
    public LocalDate dueDate;
    @Column(name = "due_date_provisional")
    public boolean dueDateProvisional;
    @Column(name = "current_deadline")
    public LocalDate currentDeadline;
    @Column(name = "suspended_on")
    public LocalDate suspendedOn;
    @Column(name = "supplement_requested")
    public boolean supplementRequested;
    /** The material codes of the supplement request, as a JSON array (jsonb). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "supplement_materials")
    public String supplementMaterials;
    @Column(name = "supplement_comment")
    public String supplementComment;
    @Column(name = "consent_to_data_sharing")
    public boolean consentToDataSharing;
    @Column(name = "consent_at")
    public Instant consentAt;
    @Column(name = "decision_reason")
    public String decisionReason;
    @Column(name = "decision_legal_basis")
    public String decisionLegalBasis;
    @Column(name = "event_count")
    public int eventCount;
    /**
     * The register's people other than the applicant whose data the application shows: those the form names (set at
     * submission) and the newborn its approval registered. An officer's read is recorded for each of them.
     */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "subject_person_ids")
    public UUID[] subjectPersonIds = new UUID[0];

    /** A new DRAFT; the caller persists it and the returned creation event. */
    public static Application draft(UUID id, String serviceCode, UUID accountId, UUID personId, String form,
            Instant now) {
        Application application = new Application();
        application.id = id;
        application.serviceCode = serviceCode;
        application.applicantAccountId = accountId;
        application.applicantPersonId = personId;
        application.status = ApplicationStatus.DRAFT;
        application.form = form;
        application.createdAt = now;
        application.updatedAt = now;
        return application;
    }

    /** The creation event (from nothing to DRAFT). */
    public ApplicationEvent created(Instant now) {
        return event("create", ActorRole.CITIZEN, null, ApplicationStatus.DRAFT, null, EventVisibility.PUBLIC, now);
    }

    /** Whether the citizen may still change the form and the materials. */
    public boolean editable() {
        return status == ApplicationStatus.DRAFT || status == ApplicationStatus.SUPPLEMENT_REQUIRED;
    }

    // ---- transitions ----------------------------------------------------------------------------------------

    /** DRAFT or SUPPLEMENT_REQUIRED → SUBMITTED; the acceptance clock starts afresh. */
    public ApplicationEvent submit(String station, UUID targetHousehold, DueDate acceptanceDue, Instant now) {
        ApplicationEvent event = move(ApplicationAction.SUBMIT, ActorRole.CITIZEN, null, false, now);
        handlingStation = station;
        targetHouseholdId = targetHousehold;
        submittedAt = now;
        acceptanceDueDate = acceptanceDue.date();
        dueDateProvisional = acceptanceDue.provisional();
        currentDeadline = acceptanceDueDate;
        return event;
    }

    /** SUBMITTED → ACCEPTED; the service's clock starts. */
    public ApplicationEvent accept(ActorRole actor, DueDate serviceDue, String comment, Instant now) {
        ApplicationEvent event = move(ApplicationAction.ACCEPT, actor, comment, false, now);
        acceptedAt = now;
        dueDate = serviceDue.date();
        dueDateProvisional = serviceDue.provisional();
        currentDeadline = dueDate;
        return event;
    }

    /** SUBMITTED → SUPPLEMENT_REQUIRED, once per application; no due date while the clock is with the citizen. */
    public ApplicationEvent requestSupplement(String materialsJson, String comment, Instant now) {
        requireAllowed(ApplicationAction.REQUEST_SUPPLEMENT);
        if (supplementRequested) {
            throw ProblemException.conflict("supplement-already-requested",
                    "Missing materials were already requested once for this application; by law that is done once");
        }
        ApplicationEvent event = move(ApplicationAction.REQUEST_SUPPLEMENT, ActorRole.OFFICER, comment, false, now);
        supplementRequested = true;
        supplementMaterials = materialsJson;
        supplementComment = comment;
        currentDeadline = null;
        return event;
    }

    /** SUBMITTED (不予受理) or ACCEPTED → REJECTED. */
    public ApplicationEvent reject(String reason, String legalBasis, Instant now) {
        ApplicationEvent event = move(ApplicationAction.REJECT, ActorRole.OFFICER, reason, false, now);
        decisionReason = reason;
        decisionLegalBasis = legalBasis;
        decide(now);
        return event;
    }

    /** ACCEPTED → SUSPENDED: the clock stops on {@code today}. */
    public ApplicationEvent suspend(String reason, LocalDate today, Instant now) {
        ApplicationEvent event = move(ApplicationAction.SUSPEND, ActorRole.OFFICER, reason, false, now);
        suspendedOn = today;
        currentDeadline = null;
        return event;
    }

    /** SUSPENDED → ACCEPTED with the due date moved by the suspended counting days. */
    public ApplicationEvent resume(DueDate movedDue, String comment, Instant now) {
        ApplicationEvent event = move(ApplicationAction.RESUME, ActorRole.OFFICER, comment, false, now);
        suspendedOn = null;
        dueDate = movedDue.date();
        dueDateProvisional = movedDue.provisional();
        currentDeadline = dueDate;
        return event;
    }

    /** ACCEPTED → COMPLETED, or APPROVED for a service with a hand-over step (which keeps its due date). */
    public ApplicationEvent approve(ActorRole actor, boolean handOverStep, String comment, Instant now) {
        ApplicationEvent event = move(ApplicationAction.APPROVE, actor, comment, handOverStep, now);
        if (status == ApplicationStatus.COMPLETED) {
            decide(now);
        } else {
            decidedAt = now;
        }
        return event;
    }

    /** APPROVED → COMPLETED: handed over. */
    public ApplicationEvent complete(String comment, Instant now) {
        ApplicationEvent event = move(ApplicationAction.COMPLETE, ActorRole.OFFICER, comment, false, now);
        currentDeadline = null;
        return event;
    }

    /**
     * SUBMITTED → COMPLETED at once for an instant service (time limit 0), the system acting as officer: the first
     * row of the transition table ("an instant service goes on to COMPLETED at once").
     */
    public ApplicationEvent completeInstantly(DueDate serviceDue, Instant now) {
        if (status != ApplicationStatus.SUBMITTED) {
            throw ProblemException.conflict("invalid-transition",
                    "Only a submitted application of an instant service is completed at once");
        }
        acceptedAt = now;
        dueDate = serviceDue.date();
        dueDateProvisional = serviceDue.provisional();
        status = ApplicationStatus.COMPLETED;
        decide(now);
        return event(ApplicationAction.APPROVE.path(), ActorRole.SYSTEM, ApplicationStatus.SUBMITTED,
                ApplicationStatus.COMPLETED, "即办件，系统自动办结", EventVisibility.PUBLIC, now);
    }

    /** Any open status or DRAFT → WITHDRAWN. */
    public ApplicationEvent withdraw(String comment, Instant now) {
        ApplicationEvent event = move(ApplicationAction.WITHDRAW, ActorRole.CITIZEN, comment, false, now);
        currentDeadline = null;
        suspendedOn = null;
        return event;
    }

    /** An officer's note only staff see, recorded beside a transition. */
    public ApplicationEvent internalNote(String note, Instant now) {
        return event("note", ActorRole.OFFICER, status, status, note, EventVisibility.INTERNAL, now);
    }

    /** 409 {@code invalid-transition} unless the table allows the action from the current status. */
    public void requireAllowed(ApplicationAction action) {
        if (Lifecycle.next(status, action, false).isEmpty()) {
            throw ProblemException.conflict("invalid-transition",
                    "An application that is " + status + " cannot be " + pastTense(action));
        }
    }

    private ApplicationEvent move(ApplicationAction action, ActorRole actor, String comment, boolean handOverStep,
            Instant now) {
        requireAllowed(action);
        ApplicationStatus from = status;
        status = Lifecycle.next(from, action, handOverStep).orElseThrow();
        return event(action.path(), actor, from, status, comment, EventVisibility.PUBLIC, now);
    }

    private void decide(Instant now) {
        decidedAt = now;
        currentDeadline = null;
        suspendedOn = null;
    }

    private ApplicationEvent event(String action, ActorRole actor, ApplicationStatus from, ApplicationStatus to,
            String comment, EventVisibility visibility, Instant now) {
        updatedAt = now;
        eventCount++;
        return new ApplicationEvent(UUID.randomUUID(), id, eventCount, now, actor, action, from, to, comment,
                visibility);
    }

    private static String pastTense(ApplicationAction action) {
        return switch (action) {
            case SUBMIT -> "submitted";
            case ACCEPT -> "accepted";
            case REQUEST_SUPPLEMENT -> "sent back for supplements";
            case REJECT -> "rejected";
            case SUSPEND -> "suspended";
            case RESUME -> "resumed";
            case APPROVE -> "approved";
            case COMPLETE -> "completed";
            case WITHDRAW -> "withdrawn";
        };
    }
}
