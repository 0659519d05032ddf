package org.errandless.applications;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;

import org.errandless.applications.forms.ServiceRules;
import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.CountingUnit;
import org.errandless.catalog.DueDate;
import org.errandless.catalog.DueDates;
import org.errandless.catalog.MaterialSource;
import org.errandless.catalog.ServiceItemView;
import org.errandless.catalog.ServiceItemView.MaterialView;
import org.errandless.common.problem.Problem;
import org.errandless.common.live.LiveFeed;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.ETags;
import org.errandless.common.web.Page;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.documents.DocumentService;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;
import org.hibernate.StaleStateException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * The lifecycle of applications: creation, the form and its materials, the transitions of DOMAIN.md's table with
 * their deadlines and effects, and who may see what.
 *
 * <p>Every state-changing call runs in its own transaction (programmatic, so that a lost race reported at flush
 * <em>or at commit</em> is answered 412 {@code stale}, never 500), checks the caller's {@code If-Match} against the
 * tag of the very representation that caller would be served, and fires {@link ApplicationStatusChanged} for each
 * transition inside the transaction. Applications the caller may not see are 404, whether they exist or not.
 */
@ApplicationScoped
public class ApplicationService {

    /** A SUBMITTED application must be accepted, refused or sent back within this many working days. */
    static final int ACCEPTANCE_WORKING_DAYS = 5;

    @Inject
    CatalogService catalog;
    @Inject
    CalendarService calendar;
    @Inject
    BusinessClock clock;
    @Inject
    ServiceRules rules;
    @Inject
    SharedMaterialFetcher fetcher;
    @Inject
    CitizenAccounts accounts;
    @Inject
    DocumentService documents;
    @Inject
    ObjectMapper json;
    @Inject
    EntityManager entityManager;
    @Inject
    Event<ApplicationStatusChanged> statusChanges;
    @Inject
    LiveFeed liveFeed;
    @Inject
    OfficerReads officerReads;

    // ---- reads ------------------------------------------------------------------------------------------------

    /**
     * One application as the caller sees it, serialised once for its body and its tag.
     *
     * @param body the JSON representation; null when {@code notModified}
     * @param etag its strong tag
     * @param notModified whether the caller's {@code If-None-Match} matched (304)
     */
    public record Served(byte[] body, String etag, boolean notModified) {
    }

    /**
     * One application as the caller sees it, or "not modified" when {@code ifNoneMatch} carries its current tag. An
     * officer's read that serves the application (not a 304) is recorded for every person it shows
     * ({@link OfficerReads}).
     *
     * @throws ProblemException 404 when the caller may not see it
     */
    public Served get(Caller caller, UUID id, String ifNoneMatch) {
        return inTransaction(() -> {
            Application application = visible(caller, id);
            ServiceItemView service = catalog.service(application.serviceCode);
            Map<String, ApplicationMaterial> rows = materialsOf(application.id);
            byte[] body = bytes(view(application, rows, caller, service, calendar.dueDates(), clock.today()));
            String etag = ETags.strong(body);
            if (ETags.notModified(ifNoneMatch, etag)) {
                return new Served(null, etag, true);
            }
            if (!caller.isCitizen()) {
                officerReads.application(caller, application, service, rows.values());
            }
            return new Served(body, etag, false);
        });
    }

    /**
     * One of the citizen's own applications as they see it, for their export of their own data (an owner's read: no
     * access record).
     *
     * @throws ProblemException 404 when it is not theirs
     */
    public ApplicationView own(Caller citizen, UUID id) {
        if (!citizen.isCitizen()) {
            throw new IllegalArgumentException("only a citizen reads their own applications");
        }
        return inTransaction(() -> {
            Application application = visible(citizen, id);
            return view(application, materialsOf(application.id), citizen, catalog.service(application.serviceCode),
                    calendar.dueDates(), clock.today());
        });
    }

    /**
     * The caller's applications (citizen: own; officer: own station's, never DRAFTs), newest first.
     *
     * @throws ProblemException 400 {@code validation-failed} for an unknown status, a foreign cursor or a bad limit
     */
    public Page<ApplicationSummary> list(Caller caller, String status, String serviceCode, String cursor,
            Integer limit) {
        int size = Cursors.limit(limit);
        ApplicationStatus wanted = status == null ? null : parseStatus(status);
        return inTransaction(() -> {
            StringBuilder query = new StringBuilder();
            Parameters parameters = new Parameters();
            if (caller.isCitizen()) {
                query.append("applicantAccountId = :owner");
                parameters.and("owner", caller.accountId());
            } else {
                if (caller.station() == null) {
                    return Page.<ApplicationSummary>last(List.of());
                }
                query.append("handlingStation = :station and status <> :draft");
                parameters.and("station", caller.station()).and("draft", ApplicationStatus.DRAFT);
            }
            if (wanted != null) {
                query.append(" and status = :status");
                parameters.and("status", wanted);
            }
            if (serviceCode != null) {
                query.append(" and serviceCode = :service");
                parameters.and("service", serviceCode);
            }
            if (cursor != null) {
                String[] keys = Cursors.decode(cursor, 2);
                Instant at;
                UUID after;
                try {
                    at = Instant.EPOCH.plus(Long.parseLong(keys[0]), ChronoUnit.MICROS);
                    after = UUID.fromString(keys[1]);
                } catch (RuntimeException e) {
                    throw badCursor();
                }
                query.append(" and (createdAt < :at or (createdAt = :at and id < :after))");
                parameters.and("at", at).and("after", after);
            }
            List<Application> found = Application.<Application>find(query.toString(),
                    Sort.descending("createdAt", "id"), parameters).range(0, size).list();
            DueDates dueDates = calendar.dueDates();
            LocalDate today = clock.today();
            List<ApplicationSummary> items = new ArrayList<>();
            for (int i = 0; i < Math.min(size, found.size()); i++) {
                items.add(summary(found.get(i), dueDates, today));
            }
            if (found.size() <= size) {
                return Page.last(items);
            }
            Application last = found.get(size - 1);
            return new Page<>(items, Cursors.encode(
                    Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, last.createdAt)), last.id.toString()));
        });
    }

    /**
     * The officer's queue: the station's open applications, overdue first, then by the running deadline (acceptance
     * or service due date), those without a running clock (SUPPLEMENT_REQUIRED, SUSPENDED) last.
     */
    public Page<ApplicationSummary> queue(Caller caller, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        return inTransaction(() -> {
            if (caller.station() == null) {
                return Page.<ApplicationSummary>last(List.of());
            }
            LocalDate today = clock.today();
            StringBuilder sql = new StringBuilder("select id, rank, deadline from (select id, case when "
                    + "current_deadline is null then 2 when current_deadline < :today then 0 else 1 end as rank, "
                    + "coalesce(current_deadline, date '9999-12-31') as deadline from application "
                    + "where handling_station = :station and status in ('SUBMITTED', 'SUPPLEMENT_REQUIRED', "
                    + "'ACCEPTED', 'SUSPENDED', 'APPROVED')) q");
            Object[] after = null;
            if (cursor != null) {
                String[] keys = Cursors.decode(cursor, 3);
                try {
                    after = new Object[] { Integer.parseInt(keys[0]), LocalDate.parse(keys[1]),
                            UUID.fromString(keys[2]) };
                } catch (RuntimeException e) {
                    throw badCursor();
                }
                sql.append(" where (rank, deadline, id) > (:rank, :deadline, :after)");
            }
            sql.append(" order by rank, deadline, id limit :limit");
            var query = entityManager.createNativeQuery(sql.toString()).setParameter("today", today)
                    .setParameter("station", caller.station()).setParameter("limit", size + 1);
            if (after != null) {
                query.setParameter("rank", after[0]).setParameter("deadline", after[1]).setParameter("after", after[2]);
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = query.getResultList();
            DueDates dueDates = calendar.dueDates();
            List<ApplicationSummary> items = new ArrayList<>();
            for (int i = 0; i < Math.min(size, rows.size()); i++) {
                items.add(summary(Application.findById((UUID) rows.get(i)[0]), dueDates, today));
            }
            if (rows.size() <= size) {
                return Page.last(items);
            }
            Object[] last = rows.get(size - 1);
            return new Page<>(items, Cursors.encode(String.valueOf(((Number) last[1]).intValue()),
                    String.valueOf(last[2]), String.valueOf(last[0])));
        });
    }

    // ---- the timeline, for long-polls and event streams ------------------------------------------------------

    /** The live-feed key published with every timeline event of an application (see {@link LiveFeed}). */
    public static String liveKey(UUID applicationId) {
        return "application:" + applicationId;
    }

    /** Events of a timeline after a sequence number, as one caller sees them, and the status they lead to. */
    public record TimelineRead(List<ApplicationView.TimelineEvent> items, ApplicationStatus status) {
    }

    /**
     * The events after {@code after} the caller may see (PUBLIC ones for the citizen, all for staff), oldest first,
     * read in one transaction with the application's status. A staff read that returns events is recorded in the
     * applicant's access log (folded with the reader's other reads of the application, {@link OfficerReads}); one
     * that returns nothing new (a long-poll's wait, an event stream's heartbeat) is not.
     *
     * @param recordAccess no longer decides anything: every read that serves events to staff is recorded, whether it
     *        is the first of a long-poll or a re-read after a wake-up (kept until its callers drop it)
     * @throws ProblemException 404 when the caller may not see the application
     */
    public TimelineRead timeline(Caller caller, UUID id, int after, boolean recordAccess) {
        return timeline(caller, id, after);
    }

    /** See {@link #timeline(Caller, UUID, int, boolean)}. */
    public TimelineRead timeline(Caller caller, UUID id, int after) {
        return inTransaction(() -> {
            Application application = visible(caller, id);
            String query = "applicationId = ?1 and seq > ?2" + (caller.isCitizen() ? " and visibility = ?3" : "")
                    + " order by seq";
            List<ApplicationEvent> events = caller.isCitizen()
                    ? ApplicationEvent.list(query, application.id, after, EventVisibility.PUBLIC)
                    : ApplicationEvent.list(query, application.id, after);
            if (!caller.isCitizen() && !events.isEmpty()) {
                officerReads.timeline(caller, application, catalog.service(application.serviceCode));
            }
            return new TimelineRead(events.stream().map(ApplicationService::timelineEvent).toList(),
                    application.status);
        });
    }

    /**
     * Opens a watch of the timeline (an event stream): checks the caller may see the application. The events the
     * stream then serves are recorded as they are read ({@link #timeline(Caller, UUID, int)}).
     *
     * @throws ProblemException 404 when the caller may not see it
     */
    public void watch(Caller caller, UUID id) {
        timeline(caller, id, Integer.MAX_VALUE);
    }

    static ApplicationView.TimelineEvent timelineEvent(ApplicationEvent event) {
        return new ApplicationView.TimelineEvent(event.seq, event.at, event.actorRole, event.action, event.fromStatus,
                event.toStatus, event.comment, event.visibility);
    }

    // ---- the citizen's changes --------------------------------------------------------------------------------

    /**
     * Starts a DRAFT.
     *
     * @throws ProblemException 404 {@code service-not-found}; 403 {@code assurance-too-low} when the token's level or
     *         the account's level as stored now is below the service's minimum, or the account is not bound to a
     *         person of the register
     */
    public ApplicationView create(Caller caller, String serviceCode, JsonNode form) {
        ServiceItemView service = catalog.service(serviceCode);
        return inTransaction(() -> {
            UUID person = assuredPerson(caller, service);
            String formJson = formText(form);
            Instant now = now();
            Application application = Application.draft(UUID.randomUUID(), service.code(), caller.accountId(),
                    person, formJson, now);
            application.persist();
            record(application, List.of(application.created(now)));
            return view(application, caller, service, calendar.dueDates(), clock.today());
        });
    }

    /**
     * The register's person of a citizen who may apply for the service: the token's level ({@code acr}) and the
     * account's level as stored now both reach the service's minimum, and the account is bound to a person. The token
     * alone is not enough: one minted before a downgrade or an unbinding still carries the old level until it expires.
     */
    private UUID assuredPerson(Caller caller, ServiceItemView service) {
        AssuranceLevel needed = service.minimumAssuranceLevel();
        CitizenAccount account = accounts.byId(caller.accountId()).orElse(null);
        if (caller.level() == null || !caller.level().isAtLeast(needed) || account == null
                || account.assuranceLevel == null || !account.assuranceLevel.isAtLeast(needed)) {
            throw new ProblemException(403, "assurance-too-low", service.code() + " needs assurance level " + needed
                    + " (real-name verification" + (needed.ordinal() > 1 ? " and a face check)" : ")"));
        }
        if (account.personId == null) {
            throw new ProblemException(403, "assurance-too-low",
                    "Verify your identity first: applications need an account bound to a person of the register");
        }
        return account.personId;
    }

    /**
     * Applies a JSON merge patch (RFC 7396) to the form of a DRAFT or SUPPLEMENT_REQUIRED application.
     *
     * @throws ProblemException 400 when the patch is not an object; 409 {@code invalid-transition} in another status
     */
    public ApplicationView patchForm(Caller caller, UUID id, String ifMatch, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("body",
                    "must be a JSON object (a merge patch of the form)", "wrong-type")));
        }
        return change(caller, id, ifMatch, (application, service) -> {
            requireEditable(application);
            JsonNode merged = MergePatch.apply(formOf(application), patch);
            application.form = formText(merged);
            application.updatedAt = now();
            return List.of();
        });
    }

    /**
     * Attaches a document the caller owns as a material of the service (replacing an earlier one for that
     * material); allowed for UPLOAD materials and for SHARED ones (the citizen may always upload instead).
     *
     * @throws ProblemException 400 for a material the service does not list (or one the register holds); 404 for a
     *         document that is not the caller's; 409 {@code invalid-transition} unless DRAFT or SUPPLEMENT_REQUIRED
     */
    public ApplicationView attach(Caller caller, UUID id, String ifMatch, String materialCode, UUID documentId) {
        return change(caller, id, ifMatch, (application, service) -> {
            requireEditable(application);
            MaterialView material = service.material(materialCode).filter(m -> m.source() != MaterialSource.REGISTRY)
                    .orElseThrow(() -> ProblemException.validation(List.of(new Problem.InvalidParam("materialCode",
                            "is not a material " + service.code() + " takes as an upload", "invalid"))));
            documents.get(new DocumentService.Owner(caller.accountId()), documentId);
            Instant now = now();
            // the checklist is part of the application's representation: its version moves with it, and moves first
            // (an update now, with the row lock), so that of two concurrent attaches the second fails on the version
            // (412) before its material row could clash with the first one's (a unique-constraint error)
            entityManager.lock(application, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
            application.updatedAt = now;
            ApplicationMaterial row = materialRow(application.id, material.code());
            row.source = MaterialSource.UPLOAD;
            row.documentId = documentId;
            row.sourceDepartment = null;
            row.reference = null;
            row.retrievedAt = null;
            row.digest = null;
            row.evidence = null;
            row.subjectPersonIds = new UUID[0];
            row.documentDeletedAt = null;
            row.updatedAt = now;
            row.persist();
            return List.of();
        });
    }

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
    public ApplicationView submit(Caller caller, UUID id, String ifMatch, boolean consent) {
        SubmitPlan plan = inTransaction(() -> {
            Application application = visible(caller, id);
            ServiceItemView service = catalog.service(application.serviceCode);
            requireMatch(ifMatch, view(application, caller, service, calendar.dueDates(), clock.today()));
            requireApplicant(caller, application, service);
            application.requireAllowed(ApplicationAction.SUBMIT);
            JsonNode form = formOf(application);
            List<Problem.InvalidParam> problems = rules.validate(service, form);
            if (!problems.isEmpty()) {
                throw ProblemException.unprocessable("form-invalid", "The form has " + problems.size()
                        + (problems.size() == 1 ? " problem" : " problems"), problems);
            }
            rules.target(service, application.applicantPersonId, form);
            Map<String, ApplicationMaterial> rows = materialsOf(application.id);
            List<MaterialView> toFetch = new ArrayList<>();
            for (List<MaterialView> group : service.requiredGroups()) {
                if (!Checklist.state(group, rows).equals(Checklist.SATISFIED)) {
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
            inTransaction(() -> {
                recordEvidence(id, plan, fetched);
                return null;
            });
        }
        return inTransaction(() -> {
            Application application = visible(caller, id);
            if (application.version != plan.version()) {
                throw stale();
            }
            ServiceItemView service = catalog.service(application.serviceCode);
            requireApplicant(caller, application, service);
            JsonNode form = formOf(application);
            ServiceRules.Target target = rules.target(service, application.applicantPersonId, form);
            Map<String, ApplicationMaterial> rows = materialsOf(application.id);
            List<Problem.InvalidParam> missing = Checklist.missing(service, rows);
            if (!missing.isEmpty()) {
                throw ProblemException.unprocessable("materials-missing",
                        "Required materials are missing: " + String.join(", ",
                                missing.stream().map(Problem.InvalidParam::name).toList()), missing);
            }
            Instant now = now();
            LocalDate today = clock.today();
            if (consent) {
                application.consentToDataSharing = true;
                application.consentAt = now;
            }
            application.subjectPersonIds = rules.namedPersons(service, application.applicantPersonId, form).stream()
                    .toArray(UUID[]::new);
            DueDates dueDates = calendar.dueDates();
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
            record(application, events);
            return view(application, caller, service, dueDates, today);
        });
    }

    /**
     * The applicant's account as stored now still qualifies for the service and still holds the application's
     * person: a token from before a downgrade or an unbinding does not carry the old level into a submission.
     */
    private void requireApplicant(Caller caller, Application application, ServiceItemView service) {
        if (!assuredPerson(caller, service).equals(application.applicantPersonId)) {
            throw new ProblemException(403, "assurance-too-low", "This account is no longer verified as the person "
                    + "this application was started for; verify your identity again");
        }
    }

    /** Withdraws an application that is not yet decided. */
    public ApplicationView withdraw(Caller caller, UUID id, String ifMatch, String comment) {
        return change(caller, id, ifMatch, (application, service) -> List.of(application.withdraw(comment, now())));
    }

    // ---- the officer's transitions ----------------------------------------------------------------------------

    /** SUBMITTED → ACCEPTED: the service's due date is fixed from today. */
    public ApplicationView accept(Caller caller, UUID id, String ifMatch, String comment, String note) {
        return change(caller, id, ifMatch, (application, service) -> withNote(application, note, application.accept(
                ActorRole.OFFICER, calendar.dueDate(clock.today(), service.timeLimit().amount(),
                        service.timeLimit().unit()), comment, now())));
    }

    /** SUBMITTED → SUPPLEMENT_REQUIRED, once, naming every missing material of the service. */
    public ApplicationView requestSupplement(Caller caller, UUID id, String ifMatch, List<String> materials,
            String comment, String note) {
        return change(caller, id, ifMatch, (application, service) -> {
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
            return withNote(application, note, application.requestSupplement(codes.toString(), comment, now()));
        });
    }

    /** SUBMITTED (不予受理, reason) or ACCEPTED (reason and legal basis) → REJECTED. */
    public ApplicationView reject(Caller caller, UUID id, String ifMatch, String reason, String legalBasis,
            String note) {
        return change(caller, id, ifMatch, (application, service) -> {
            application.requireAllowed(ApplicationAction.REJECT);
            boolean onTheMerits = application.status == ApplicationStatus.ACCEPTED;
            if (onTheMerits && (legalBasis == null || legalBasis.isBlank())) {
                throw ProblemException.validation(List.of(new Problem.InvalidParam("legalBasis",
                        "is required to reject an accepted application", "required")));
            }
            return withNote(application, note, application.reject(reason, legalBasis, now()));
        });
    }

    /** ACCEPTED → SUSPENDED: the clock stops today. */
    public ApplicationView suspend(Caller caller, UUID id, String ifMatch, String reason, String note) {
        return change(caller, id, ifMatch,
                (application, service) -> withNote(application, note, application.suspend(reason, clock.today(),
                        now())));
    }

    /** SUSPENDED → ACCEPTED, the due date moved by the counting days from the suspension up to today. */
    public ApplicationView resume(Caller caller, UUID id, String ifMatch, String comment, String note) {
        return change(caller, id, ifMatch, (application, service) -> {
            application.requireAllowed(ApplicationAction.RESUME);
            DueDate moved = calendar.afterSuspension(new DueDate(application.dueDate, !application.dueDateProvisional),
                    application.suspendedOn, clock.today(), service.timeLimit().unit());
            return withNote(application, note, application.resume(moved, comment, now()));
        });
    }

    /** ACCEPTED → COMPLETED (or APPROVED with a hand-over step), applying the effect in the same transaction. */
    public ApplicationView approve(Caller caller, UUID id, String ifMatch, String comment, String note) {
        return change(caller, id, ifMatch, (application, service) -> {
            application.requireAllowed(ApplicationAction.APPROVE);
            addSubjects(application, rules.applyApproval(service, application.applicantPersonId, formOf(application),
                    application.id));
            return withNote(application, note, application.approve(ActorRole.OFFICER, service.handOverStep(), comment,
                    now()));
        });
    }

    /** APPROVED → COMPLETED: handed over. */
    public ApplicationView complete(Caller caller, UUID id, String ifMatch, String comment, String note) {
        return change(caller, id, ifMatch, (application, service) -> {
            application.requireAllowed(ApplicationAction.COMPLETE);
            if (service.handOverStep()) {
                rules.applyCompletion(service, application.id);
            }
            return withNote(application, note, application.complete(comment, now()));
        });
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    /**
     * One guarded change: load what the caller may see, check {@code If-Match} against the caller's current
     * representation, apply, write the update (the optimistic-lock check) before the events, fire them.
     */
    private ApplicationView change(Caller caller, UUID id, String ifMatch,
            BiFunction<Application, ServiceItemView, List<ApplicationEvent>> change) {
        return inTransaction(() -> {
            Application application = visible(caller, id);
            ServiceItemView service = catalog.service(application.serviceCode);
            DueDates dueDates = calendar.dueDates();
            LocalDate today = clock.today();
            requireMatch(ifMatch, view(application, caller, service, dueDates, today));
            List<ApplicationEvent> events = change.apply(application, service);
            record(application, events);
            return view(application, caller, service, dueDates, today);
        });
    }

    private void record(Application application, List<ApplicationEvent> events) {
        // the application's row first: a concurrent change fails here on its version, before any event number clashes
        entityManager.flush();
        for (ApplicationEvent event : events) {
            event.persist();
            // delivered at commit to every instance: long-polls and event streams of this application re-read
            liveFeed.publish(liveKey(application.id));
            if (event.visibility == EventVisibility.PUBLIC) {
                statusChanges.fire(new ApplicationStatusChanged(application.id, application.serviceCode,
                        application.applicantAccountId, application.applicantPersonId, application.handlingStation,
                        event.fromStatus, event.toStatus, event.action, event.seq, true, event.comment, event.at));
            }
        }
        entityManager.flush();
    }

    private static List<ApplicationEvent> withNote(Application application, String note, ApplicationEvent event) {
        if (note == null || note.isBlank()) {
            return List.of(event);
        }
        return List.of(event, application.internalNote(note.strip(), event.at));
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
     * changed version is 412 {@code stale}.
     */
    private void recordEvidence(UUID applicationId, SubmitPlan plan, List<FetchedMaterial> fetched) {
        Application application = entityManager.find(Application.class, applicationId,
                LockModeType.PESSIMISTIC_WRITE);
        if (application == null || application.version != plan.version()) {
            throw stale();
        }
        Instant now = now();
        for (FetchedMaterial answer : fetched) {
            MaterialView material = answer.material();
            ApplicationMaterial row = materialRow(applicationId, material.code());
            if (answer.result() instanceof SharedMaterialFetcher.Fetched evidence) {
                row.source = MaterialSource.SHARED;
                row.documentId = null;
                row.documentDeletedAt = null;
                row.sourceDepartment = material.sourceDepartment();
                row.reference = evidence.reference();
                row.retrievedAt = evidence.retrievedAt() == null ? now
                        : evidence.retrievedAt().truncatedTo(ChronoUnit.MICROS);
                row.digest = evidence.digest();
                row.evidence = evidence.evidence() == null ? null : text(json.valueToTree(evidence.evidence()));
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
    }

    /** Adds people the application is about from now on (the newborn its approval registered). */
    private static void addSubjects(Application application, Set<UUID> people) {
        if (people == null || people.isEmpty()) {
            return;
        }
        Set<UUID> all = new LinkedHashSet<>(List.of(application.subjectPersonIds));
        all.addAll(people);
        all.remove(application.applicantPersonId);
        application.subjectPersonIds = all.toArray(UUID[]::new);
    }

    private ApplicationMaterial materialRow(UUID applicationId, String materialCode) {
        return ApplicationMaterial.<ApplicationMaterial>find("applicationId = ?1 and materialCode = ?2",
                applicationId, materialCode).firstResultOptional().orElseGet(() -> {
                    ApplicationMaterial created = new ApplicationMaterial();
                    created.id = UUID.randomUUID();
                    created.applicationId = applicationId;
                    created.materialCode = materialCode;
                    return created;
                });
    }

    private static Map<String, ApplicationMaterial> materialsOf(UUID applicationId) {
        Map<String, ApplicationMaterial> rows = new HashMap<>();
        for (ApplicationMaterial row : ApplicationMaterial.<ApplicationMaterial>list("applicationId", applicationId)) {
            rows.put(row.materialCode, row);
        }
        return rows;
    }

    /** The application if the caller may see it: the applicant's own; an officer's station's, never a DRAFT. */
    private static Application visible(Caller caller, UUID id) {
        Application application = id == null ? null : Application.findById(id);
        if (application == null) {
            throw ProblemException.notFound("application");
        }
        boolean mine = caller.isCitizen() ? application.applicantAccountId.equals(caller.accountId())
                : application.status != ApplicationStatus.DRAFT && caller.station() != null
                        && caller.station().equals(application.handlingStation);
        if (!mine) {
            throw ProblemException.notFound("application");
        }
        return application;
    }

    private static void requireEditable(Application application) {
        if (!application.editable()) {
            throw ProblemException.conflict("invalid-transition", "An application that is " + application.status
                    + " can no longer be changed");
        }
    }

    private void requireMatch(String ifMatch, ApplicationView current) {
        requireMatch(ifMatch, () -> ETags.of(json, current));
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

    static ProblemException stale() {
        return new ProblemException(412, "stale",
                "The application changed since you read it; read it again and retry");
    }

    private <T> T inTransaction(Supplier<T> work) {
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

    private static ProblemException badCursor() {
        return ProblemException.validation(
                List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
    }

    private static ApplicationStatus parseStatus(String status) {
        try {
            return ApplicationStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("status",
                    "must be one of " + java.util.Arrays.toString(ApplicationStatus.values()), "invalid")));
        }
    }

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MICROS);
    }

    static String purpose(ServiceItemView service) {
        return "审核" + service.name().zh() + "申请";
    }

    // ---- representations --------------------------------------------------------------------------------------

    private ApplicationSummary summary(Application application, DueDates dueDates, LocalDate today) {
        ServiceItemView service = catalog.service(application.serviceCode);
        Deadlines deadlines = Deadlines.of(application, dueDates, today);
        return new ApplicationSummary(application.id, application.serviceCode, service.name(), application.status,
                application.handlingStation, application.createdAt, application.submittedAt,
                deadlines.acceptanceDueDate(), deadlines.dueDate(), deadlines.provisional(),
                deadlines.remainingWorkingDays(), deadlines.overdue());
    }

    ApplicationView view(Application application, Caller caller, ServiceItemView service, DueDates dueDates,
            LocalDate today) {
        return view(application, materialsOf(application.id), caller, service, dueDates, today);
    }

    private ApplicationView view(Application application, Map<String, ApplicationMaterial> rows, Caller caller,
            ServiceItemView service, DueDates dueDates, LocalDate today) {
        List<ApplicationView.MaterialGroup> groups = new ArrayList<>();
        for (List<MaterialView> group : service.requiredGroups()) {
            groups.add(new ApplicationView.MaterialGroup(Checklist.state(group, rows), group.get(0).oneOfGroup(),
                    group.stream().map(material -> materialState(material, rows)).toList()));
        }
        List<ApplicationView.MaterialState> optional = service.materials().stream()
                .filter(material -> !material.required() && service.requiredGroups().stream()
                        .noneMatch(group -> group.contains(material)))
                .map(material -> materialState(material, rows)).toList();
        List<ApplicationView.TimelineEvent> timeline = ApplicationEvent
                .<ApplicationEvent>list("applicationId = ?1 order by seq", application.id).stream()
                .filter(event -> !caller.isCitizen() || event.visibility == EventVisibility.PUBLIC)
                .map(event -> new ApplicationView.TimelineEvent(event.seq, event.at, event.actorRole, event.action,
                        event.fromStatus, event.toStatus, event.comment, event.visibility))
                .toList();
        Deadlines deadlines = Deadlines.of(application, dueDates, today);
        ApplicationView.SupplementRequest supplement = application.supplementRequested
                ? new ApplicationView.SupplementRequest(codes(application.supplementMaterials),
                        application.supplementComment)
                : null;
        ApplicationView.Decision decision = application.decisionReason == null ? null
                : new ApplicationView.Decision(application.decisionReason, application.decisionLegalBasis);
        return new ApplicationView(application.id, application.serviceCode, service.name(), application.status,
                formOf(application), application.handlingStation, application.createdAt, application.updatedAt,
                application.submittedAt, application.acceptedAt, application.decidedAt, deadlines.acceptanceDueDate(),
                deadlines.dueDate(), deadlines.provisional(), deadlines.remainingWorkingDays(), deadlines.overdue(),
                application.suspendedOn, supplement, application.consentToDataSharing, application.consentAt, decision,
                groups, optional, timeline);
    }

    private ApplicationView.MaterialState materialState(MaterialView material, Map<String, ApplicationMaterial> rows) {
        ApplicationMaterial row = rows.get(material.code());
        ApplicationView.Evidence evidence = null;
        ApplicationView.Unavailable unavailable = null;
        if (material.source() == MaterialSource.REGISTRY) {
            evidence = new ApplicationView.Evidence(MaterialSource.REGISTRY, null, null, null, null, null, null,
                    null);
        } else if (row != null && row.attached()) {
            evidence = new ApplicationView.Evidence(row.source, row.documentId, row.sourceDepartment, row.reference,
                    row.retrievedAt, row.digest, row.evidence == null ? null : tree(row.evidence),
                    row.documentDeletedAt);
        } else if (row != null && row.unavailable()) {
            unavailable = new ApplicationView.Unavailable(row.unavailableReason, row.unavailableDetail,
                    row.unavailableAt);
        }
        String state = evidence != null ? Checklist.SATISFIED
                : unavailable != null ? Checklist.UNAVAILABLE : Checklist.MISSING;
        return new ApplicationView.MaterialState(material.code(), material.name(), material.source(),
                material.sourceDepartment(), state, evidence, unavailable);
    }

    private List<String> codes(String array) {
        List<String> codes = new ArrayList<>();
        if (array != null) {
            tree(array).forEach(code -> codes.add(code.asText()));
        }
        return codes;
    }

    private JsonNode formOf(Application application) {
        return application.form == null ? json.createObjectNode() : tree(application.form);
    }

    private String formText(JsonNode form) {
        if (form == null || form.isNull()) {
            return "{}";
        }
        if (!form.isObject()) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("form", "must be a JSON object",
                    "wrong-type")));
        }
        return text(form);
    }

    private byte[] bytes(ApplicationView view) {
        try {
            return json.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String text(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses stored JSON with object members in name order: PostgreSQL's jsonb reorders members, so without this
     * the representation (and its ETag) would differ between the answer to a change and a later read.
     */
    private JsonNode tree(String text) {
        try {
            return sorted(json.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }

    private JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = json.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(Comparator.naturalOrder());
            for (String name : names) {
                sorted.set(name, sorted(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = json.createArrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                array.add(sorted(it.next()));
            }
            return array;
        }
        return node;
    }
}
