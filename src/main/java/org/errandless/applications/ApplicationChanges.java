package org.errandless.applications;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;

import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.DueDates;
import org.errandless.catalog.ServiceItemView;
import org.errandless.common.live.LiveFeed;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.ETags;
import org.errandless.common.web.PreparedBody;
import org.hibernate.StaleStateException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * How every change of an application runs, whoever makes it ({@link ApplicantActions}, {@link Submission},
 * {@link OfficerDecisions}, and features built on applications through {@link ApplicationLookup}):
 *
 * <ul>
 * <li>in a transaction of its own (programmatic, so that a lost race reported at flush <em>or at commit</em> is
 * answered 412 {@code stale}, never 500);</li>
 * <li>on an application the caller may see (404 otherwise, whether it exists or not);</li>
 * <li>guarded by the caller's {@code If-Match} against the tag of the very representation that caller would be served
 * now (428 without it or with {@code *}, 412 when it no longer matches);</li>
 * <li>the application's row written first (a concurrent change fails there on its version), then the timeline's
 * events, each PUBLIC one also fired as {@link ApplicationStatusChanged} inside the transaction;</li>
 * <li>{@link ApplicationFeed#key} published, so long-polls wake and every instance drops the answers it kept;</li>
 * <li>answered with the caller's representation as the database now holds it, read the way reads read it, so the
 * answer's tag is the one a later read serves.</li>
 * </ul>
 */
@ApplicationScoped
class ApplicationChanges {

    @Inject
    CatalogService catalog;
    @Inject
    CalendarService calendar;
    @Inject
    BusinessClock clock;
    @Inject
    ObjectMapper json;
    @Inject
    EntityManager entityManager;
    @Inject
    Event<ApplicationStatusChanged> statusChanges;
    @Inject
    LiveFeed liveFeed;
    @Inject
    ApplicationReadModel readModel;
    @Inject
    ApplicationViews views;
    @Inject
    RenderedApplications rendered;

    /** One change: the application (loaded, visible, its {@code If-Match} checked) and its service. */
    interface Change extends BiFunction<Application, ServiceItemView, List<ApplicationEvent>> {
    }

    /**
     * One guarded change in its own transaction: load what the caller may see, check {@code If-Match} against the
     * caller's current representation, apply, record the events; answers the caller's new representation.
     */
    PreparedBody change(Caller caller, UUID id, String ifMatch, Change change) {
        return inTransaction(() -> {
            Application application = visible(caller, id);
            ServiceItemView service = catalog.service(application.serviceCode);
            requireMatch(ifMatch, caller, id);
            List<ApplicationEvent> events = change.apply(application, service);
            record(application, events);
            return current(caller, id);
        });
    }

    /**
     * Writes the application's row, then its events (each PUBLIC one fired as {@link ApplicationStatusChanged}), and
     * publishes the application's live-feed key; in the caller's transaction.
     */
    void record(Application application, List<ApplicationEvent> events) {
        // the application's row first: a concurrent change fails here on its version, before any event number clashes
        entityManager.flush();
        for (ApplicationEvent event : events) {
            event.persist();
            if (event.visibility == EventVisibility.PUBLIC) {
                statusChanges.fire(new ApplicationStatusChanged(application.id, application.serviceCode,
                        application.applicantAccountId, application.applicantPersonId, application.handlingStation,
                        event.fromStatus, event.toStatus, event.action, event.seq, true, event.comment, event.at));
            }
        }
        entityManager.flush();
        published(application.id);
    }

    /**
     * In a transaction that changed what an application shows (its row, its materials, its timeline): tells every
     * instance at commit (long-polls wake, kept answers are dropped), and drops this instance's at completion.
     */
    void published(UUID applicationId) {
        liveFeed.publish(ApplicationFeed.key(applicationId));
        rendered.dropWhenComplete(applicationId);
    }

    /** The caller's representation of the application as the database holds it now (in the caller's transaction). */
    PreparedBody current(Caller caller, UUID id) {
        ApplicationSnapshot application = readModel.load(id).orElseThrow(() -> ProblemException.notFound("application"));
        return views.prepared(application, caller.isCitizen(), catalog.service(application.serviceCode()),
                calendar.dueDates(), clock.today());
    }

    /**
     * The {@code If-Match} guard against the representation the caller would be served now; see
     * {@link #requireMatch(String, Supplier)}.
     */
    void requireMatch(String ifMatch, Caller caller, UUID id) {
        requireMatch(ifMatch, () -> current(caller, id).etag());
    }

    /** The tag of the caller's current representation of an application read as a snapshot (no statement). */
    String etag(ApplicationSnapshot application, Caller caller) {
        return views.etag(application, caller.isCitizen(), catalog.service(application.serviceCode()),
                calendar.dueDates(), clock.today());
    }

    /**
     * The {@code If-Match} guard of every change of an application (and of the features built on one, such as the
     * evaluation): 428 {@code precondition-required} without the header, and also for {@code *}, which would match
     * any current representation and so defeat the lost-update protection; 412 {@code stale} unless it carries the
     * tag of the representation the caller would be served now.
     */
    static void requireMatch(String ifMatch, Supplier<String> currentTag) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(428, "precondition-required",
                    "Send If-Match with the ETag of the application as you last read it");
        }
        for (String member : ifMatch.split(",")) {
            if (member.strip().equals(ETags.ANY)) {
                throw new ProblemException(428, "precondition-required", "If-Match: * is not accepted here: send "
                        + "If-Match with the ETag of the application as you last read it (GET it for a fresh one)");
            }
        }
        if (!ETags.ifMatchSatisfied(ifMatch, currentTag.get())) {
            throw stale();
        }
    }

    /**
     * The application if the caller may change it: the applicant's own; an officer's station's, never a DRAFT. The
     * person it is about, where someone else made it for them, may read it but not change it: 403 {@code forbidden}.
     */
    static Application visible(Caller caller, UUID id) {
        Application application = id == null ? null : Application.findById(id);
        if (application == null || !ApplicationSnapshot.visible(caller, application.applicantAccountId,
                application.status, application.handlingStation)) {
            if (application != null && application.actingPersonId != null && caller.isCitizen()
                    && ApplicationSnapshot.visibleToSubject(caller, boundPerson(caller.accountId()),
                            application.applicantPersonId, true, application.submittedAt != null)) {
                throw new ProblemException(403, "forbidden", "This application was made for you by someone acting "
                        + "for you; you can follow it, and only they can change it");
            }
            throw ProblemException.notFound("application");
        }
        return application;
    }

    /** The person the citizen's account is verified as (L2 or above), null when none; in the caller's transaction. */
    private static UUID boundPerson(UUID accountId) {
        Object person = Application.getEntityManager().createNativeQuery("select citizen_person(?1)")
                .setParameter(1, accountId).getSingleResult();
        return (UUID) person;
    }

    static void requireEditable(Application application) {
        if (!application.editable()) {
            throw ProblemException.conflict("invalid-transition", "An application that is " + application.status
                    + " can no longer be changed");
        }
    }

    static ProblemException stale() {
        return new ProblemException(412, "stale",
                "The application changed since you read it; read it again and retry");
    }

    <T> T inTransaction(Supplier<T> work) {
        try {
            return QuarkusTransaction.requiringNew().call(work::get);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * A lost race, whether reported at flush or at commit, is 412 {@code stale} (a version that moved, an event
     * number or a material row another transaction wrote first); a refusal stays what it was.
     */
    static RuntimeException translate(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem;
            }
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return stale();
            }
            if (cause instanceof org.hibernate.exception.ConstraintViolationException violation
                    && violation.getConstraintName() != null
                    && (violation.getConstraintName().startsWith("application_event_application_id_seq")
                            || violation.getConstraintName().startsWith("application_material_application_id_mat"))) {
                return stale();
            }
            if (cause instanceof org.hibernate.exception.ConstraintViolationException violation
                    && "application_material_document_fk".equals(violation.getConstraintName())) {
                // the document was deleted between the owner check and the attachment
                return ProblemException.notFound("document");
            }
        }
        return e;
    }

    /** Now on the business clock, as stored (microseconds). */
    Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MICROS);
    }

    LocalDate today() {
        return clock.today();
    }

    DueDates dueDates() {
        return calendar.dueDates();
    }

    /** The stored form of an application, members in name order; an empty object for none. */
    JsonNode formOf(Application application) {
        return application.form == null ? json.createObjectNode() : StoredJson.tree(json, application.form);
    }

    /** The text a form is stored as. */
    String formText(JsonNode form) {
        if (form == null || form.isNull()) {
            return "{}";
        }
        if (!form.isObject()) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("form", "must be a JSON object",
                    "wrong-type")));
        }
        return StoredJson.text(json, form);
    }

    static List<ApplicationEvent> withNote(Application application, String note, ApplicationEvent event) {
        if (note == null || note.isBlank()) {
            return List.of(event);
        }
        return List.of(event, application.internalNote(note.strip(), event.at));
    }
}
