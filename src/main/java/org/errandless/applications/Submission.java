package org.errandless.applications;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.errandless.applications.ApplicationSnapshot.MaterialRow;
import org.errandless.applications.forms.ServiceRules;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.CountingUnit;
import org.errandless.catalog.DueDates;
import org.errandless.catalog.MaterialSource;
import org.errandless.catalog.ServiceItemView;
import org.errandless.catalog.ServiceItemView.MaterialView;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.web.PreparedBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Submission (and resubmission after a supplement request), with the fetch of SHARED materials from the departments
 * that hold them: "information runs the errands".
 */
@ApplicationScoped
public class Submission {

    /** A SUBMITTED application must be accepted, refused or sent back within this many working days. */
    static final int ACCEPTANCE_WORKING_DAYS = 5;

    @Inject
    ApplicationChanges changes;
    @Inject
    ApplicantActions applicant;
    @Inject
    ApplicationReadModel readModel;
    @Inject
    CatalogService catalog;
    @Inject
    ServiceRules rules;
    @Inject
    SharedMaterialFetcher fetcher;
    @Inject
    ObjectMapper json;
    @Inject
    EntityManager entityManager;
    @Inject
    ActingFor actingFor;

    /** What the first step of a submission found: the version it saw and the SHARED materials to fetch. */
    private record SubmitPlan(long version, String serviceCode, UUID personId, JsonNode form,
            List<MaterialView> toFetch) {
    }

    /** What a department answered for one material. */
    private record FetchedMaterial(MaterialView material, SharedMaterialFetcher.Result result) {
    }

    /**
     * Submits (or resubmits after a supplement request), in steps that hold nothing while a department answers:
     * <ol>
     * <li>a short transaction checks the caller's {@code If-Match}, the form and eligibility, and plans which SHARED
     * materials of unsatisfied required groups to fetch (with consent);</li>
     * <li>each is fetched with no transaction and no connection held (the fetcher records its access records in
     * short transactions of its own);</li>
     * <li>a short transaction records the evidence (so it persists even when the submission then fails), provided
     * the application is still as planned; the application's row lock orders it with concurrent changes;</li>
     * <li>the submission runs in one transaction, provided the application did not change meanwhile. An instant
     * service is completed at once by the system.</li>
     * </ol>
     * Of two concurrent submissions one wins; the other is 412 {@code stale}.
     *
     * @throws ProblemException 422 {@code form-invalid}, {@code applicant-not-eligible}, {@code consent-required},
     *         {@code materials-missing}; 403 {@code assurance-too-low}; 409 {@code invalid-transition}; 412/428
     */
    public PreparedBody submit(Caller caller, UUID id, String ifMatch, boolean consent) {
        SubmitPlan plan = changes.inTransaction(() -> {
            Application application = ApplicationChanges.visible(caller, id);
            ServiceItemView service = catalog.service(application.serviceCode);
            ApplicationSnapshot current = readModel.load(id)
                    .orElseThrow(() -> ProblemException.notFound("application"));
            ApplicationChanges.requireMatch(ifMatch, () -> changes.etag(current, caller));
            requireApplicant(caller, application, service);
            application.requireAllowed(ApplicationAction.SUBMIT);
            JsonNode form = changes.formOf(application);
            List<Problem.InvalidParam> problems = rules.validate(service, form);
            if (!problems.isEmpty()) {
                throw ProblemException.unprocessable("form-invalid", "The form has " + problems.size()
                        + (problems.size() == 1 ? " problem" : " problems"), problems);
            }
            rules.target(service, application.applicantPersonId, form);
            List<MaterialView> toFetch = new ArrayList<>();
            for (List<MaterialView> group : service.requiredGroups()) {
                if (!Checklist.state(group, current.materials()).equals(Checklist.SATISFIED)) {
                    group.stream().filter(m -> m.source() == MaterialSource.SHARED).forEach(toFetch::add);
                }
            }
            if (!toFetch.isEmpty() && !consent) {
                throw ProblemException.unprocessable("consent-required", "These materials can only be had by "
                        + "fetching them from the departments that hold them: consent to data sharing, or upload them",
                        toFetch.stream().map(m -> new Problem.InvalidParam(m.code(), "would be fetched from "
                                + m.sourceDepartment() + " with your consent (" + m.name().zh() + ")",
                                "consent-required")).toList());
            }
            return new SubmitPlan(application.version, service.code(), application.applicantPersonId, form, toFetch);
        });
        if (!plan.toFetch().isEmpty()) {
            List<FetchedMaterial> fetched = new ArrayList<>();
            for (MaterialView material : plan.toFetch()) {
                fetched.add(new FetchedMaterial(material, fetch(id, plan, material)));
            }
            changes.inTransaction(() -> {
                recordEvidence(id, plan, fetched);
                return null;
            });
        }
        return changes.inTransaction(() -> {
            Application application = ApplicationChanges.visible(caller, id);
            if (application.version != plan.version()) {
                throw ApplicationChanges.stale();
            }
            ServiceItemView service = catalog.service(application.serviceCode);
            requireApplicant(caller, application, service);
            JsonNode form = changes.formOf(application);
            ServiceRules.Target target = rules.target(service, application.applicantPersonId, form);
            Map<String, MaterialRow> rows = readModel.load(id)
                    .orElseThrow(() -> ProblemException.notFound("application")).materials();
            List<Problem.InvalidParam> missing = Checklist.missing(service, rows);
            if (!missing.isEmpty()) {
                throw ProblemException.unprocessable("materials-missing",
                        "Required materials are missing: " + String.join(", ",
                                missing.stream().map(Problem.InvalidParam::name).toList()), missing);
            }
            Instant now = changes.now();
            LocalDate today = changes.today();
            if (consent) {
                application.consentToDataSharing = true;
                application.consentAt = now;
            }
            application.subjectPersonIds = rules.namedPersons(service, application.applicantPersonId, form).stream()
                    .toArray(UUID[]::new);
            DueDates dueDates = changes.dueDates();
            List<ApplicationEvent> events = new ArrayList<>();
            events.add(application.submit(target.stationCode(), target.householdId(),
                    dueDates.dueDate(today, ACCEPTANCE_WORKING_DAYS, CountingUnit.WORKING_DAYS), now));
            if (service.isInstant()) {
                addSubjects(application, rules.applyApproval(service, application.applicantPersonId, form,
                        application.id));
                if (service.handOverStep()) {
                    rules.applyCompletion(service, application.id);
                }
                events.add(application.completeInstantly(dueDates.dueDate(today, 0, service.timeLimit().unit()),
                        now));
            }
            changes.record(application, events);
            return changes.current(caller, id);
        });
    }

    /**
     * The applicant's account as stored now still qualifies for the service and still holds the application's
     * person: a token from before a downgrade or an unbinding does not carry the old level into a submission.
     */
    private void requireApplicant(Caller caller, Application application, ServiceItemView service) {
        UUID acting = application.actingPersonId != null ? application.actingPersonId : application.applicantPersonId;
        if (!applicant.assuredPerson(caller, service).equals(acting)) {
            throw new ProblemException(403, "assurance-too-low", "This account is no longer verified as the person "
                    + "this application was started by; verify your identity again");
        }
        actingFor.recheck(application);
    }

    /**
     * Asks the department for one material with nothing held: no transaction, so no pooled connection, while it
     * answers (it may take seconds, and a slow department must not starve every other request of connections).
     */
    private SharedMaterialFetcher.Result fetch(UUID applicationId, SubmitPlan plan, MaterialView material) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("Shared materials are fetched with no transaction open");
        }
        try {
            return fetcher.fetch(new SharedMaterialFetcher.Request(applicationId, plan.serviceCode(),
                    material.code(), material.sourceDepartment(), plan.personId(), plan.form()));
        } catch (RuntimeException e) {
            return new SharedMaterialFetcher.Unavailable("source-unavailable",
                    "The source did not answer; upload the material instead");
        }
    }

    /**
     * Records what the departments answered, provided the application is still the one the submission planned for:
     * its row is locked first (ordering this with a concurrent submission, attach or document deletion), and a
     * changed version is 412 {@code stale}. The checklist the application shows changes with it, so every instance
     * hears of it (its version does not move: the submission that follows is not taken for a concurrent change).
     */
    private void recordEvidence(UUID applicationId, SubmitPlan plan, List<FetchedMaterial> fetched) {
        Application application = entityManager.find(Application.class, applicationId,
                LockModeType.PESSIMISTIC_WRITE);
        if (application == null || application.version != plan.version()) {
            throw ApplicationChanges.stale();
        }
        Instant now = changes.now();
        for (FetchedMaterial answer : fetched) {
            MaterialView material = answer.material();
            ApplicationMaterial row = ApplicantActions.materialRow(applicationId, material.code());
            if (answer.result() instanceof SharedMaterialFetcher.Fetched evidence) {
                row.source = MaterialSource.SHARED;
                row.documentId = null;
                row.documentDeletedAt = null;
                row.sourceDepartment = material.sourceDepartment();
                row.reference = evidence.reference();
                row.retrievedAt = evidence.retrievedAt() == null ? now
                        : evidence.retrievedAt().truncatedTo(ChronoUnit.MICROS);
                row.digest = evidence.digest();
                row.evidence = evidence.evidence() == null ? null
                        : StoredJson.text(json, json.valueToTree(evidence.evidence()));
                row.subjectPersonIds = evidence.subjects().stream().sorted().toArray(UUID[]::new);
                row.unavailableReason = null;
                row.unavailableDetail = null;
                row.unavailableAt = null;
            } else if (answer.result() instanceof SharedMaterialFetcher.Unavailable unavailable && !row.attached()) {
                row.unavailableReason = unavailable.reason();
                row.unavailableDetail = unavailable.detail();
                row.unavailableAt = now;
            } else {
                continue;
            }
            row.updatedAt = now;
            row.persist();
        }
        // the consent under which the data was fetched is on record even if the submission then fails; a bulk
        // update leaves the version alone, so the submission that follows is not taken for a concurrent change
        entityManager.createQuery("update Application set consentToDataSharing = true, consentAt = :at "
                + "where id = :id and consentToDataSharing = false").setParameter("at", now)
                .setParameter("id", applicationId).executeUpdate();
        changes.published(applicationId);
    }

    /** Adds people the application is about from now on (the newborn its approval registered). */
    static void addSubjects(Application application, Set<UUID> people) {
        if (people == null || people.isEmpty()) {
            return;
        }
        Set<UUID> all = new LinkedHashSet<>(List.of(application.subjectPersonIds));
        all.addAll(people);
        all.remove(application.applicantPersonId);
        application.subjectPersonIds = all.toArray(UUID[]::new);
    }
}
