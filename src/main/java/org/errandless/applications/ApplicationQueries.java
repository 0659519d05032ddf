package org.errandless.applications;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.DueDates;
import org.errandless.catalog.ServiceItemView;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.common.web.PreparedBody;

/**
 * The read side of applications: one application, the lists, the officer's queue and the timeline, each at most one
 * statement ({@link ApplicationReadModel}), with no transaction; the catalogue and the calendar come from memory.
 *
 * <p>{@code GET /applications/{id}}: an unchanged application's answer comes from memory ({@link
 * RenderedApplications}) with no statement at all; an officer's read that serves it makes exactly one, the one that
 * records the read. On a miss the application is read in one statement, the officer's access record folded into it
 * (except when the officer sent {@code If-None-Match}: a 304 is no read, so the record waits until the answer is known
 * to be a 200, and is then a statement of its own).
 *
 * <p>Who may see what: the applicant their own applications; the person an application is about, when someone else
 * made it for them (a parent, a 代办 agent), from submission on and read-only; officers their station's, never a
 * DRAFT; everyone else 404, whether the application exists or not. The subject's read costs one statement more (who
 * the account is), the applicant's and the officer's none.
 */
@ApplicationScoped
public class ApplicationQueries {

    @Inject
    ApplicationReadModel readModel;
    @Inject
    ApplicationViews views;
    @Inject
    RenderedApplications rendered;
    @Inject
    CatalogService catalog;
    @Inject
    CalendarService calendar;
    @Inject
    BusinessClock clock;

    /**
     * One application as the caller sees it.
     *
     * @param body the JSON representation; null when {@code notModified}
     * @param etag its strong tag
     * @param notModified whether the caller's {@code If-None-Match} matched (304)
     */
    public record Served(byte[] body, String etag, boolean notModified) {

        static Served of(PreparedBody answer, String ifNoneMatch) {
            return answer.notModified(ifNoneMatch) ? new Served(null, answer.etag(), true)
                    : new Served(answer.bytes(), answer.etag(), false);
        }
    }

    /** Events of a timeline after a sequence number, as one caller sees them, and the status they lead to. */
    public record TimelineRead(List<ApplicationView.TimelineEvent> items, ApplicationStatus status) {
    }

    /**
     * {@link #get} when it needs no statement and no serialisation: the answer kept in memory for a citizen, or a 304
     * for anyone (a 304 is no read, so nothing is recorded); it blocks on nothing, so it may run on an I/O thread.
     *
     * @return the answer, or null when {@link #get} must answer (on a thread that may block)
     * @throws ProblemException 404 when what is kept shows the caller may not see it
     */
    public Served fromMemory(Caller caller, UUID id, String ifNoneMatch) {
        if (id == null) {
            throw ProblemException.notFound("application");
        }
        RenderedApplications.Entry kept = rendered.find(id);
        if (kept == null) {
            return null;
        }
        if (!kept.visibleTo(caller)) {
            if (kept.mayBeSubjectOf(caller)) {
                return null;
            }
            throw ProblemException.notFound("application");
        }
        RenderedApplications.Rendered answer = current(kept, caller.isCitizen(), clock.today());
        if (answer == null) {
            return null;
        }
        Served served = Served.of(answer.body(), ifNoneMatch);
        // an officer's 200 is a read: recorded by get, in a statement
        return served.notModified() || caller.isCitizen() ? served : null;
    }

    /**
     * One application as the caller sees it, or "not modified" when {@code ifNoneMatch} carries its current tag. An
     * officer's read that serves the application (not a 304) is recorded for every person it shows
     * ({@link OfficerReads}).
     *
     * @throws ProblemException 404 when the caller may not see it
     */
    public Served get(Caller caller, UUID id, String ifNoneMatch) {
        if (id == null) {
            throw ProblemException.notFound("application");
        }
        boolean citizen = caller.isCitizen();
        LocalDate today = clock.today();
        RenderedApplications.Entry kept = rendered.find(id);
        if (kept != null && !kept.visibleTo(caller) && !kept.mayBeSubjectOf(caller)) {
            throw ProblemException.notFound("application");
        }
        // a citizen who is not the applicant may be the person it is about: read and check below
        if (kept != null && kept.visibleTo(caller)) {
            RenderedApplications.Rendered answer = current(kept, citizen, today);
            if (answer != null) {
                Served served = Served.of(answer.body(), ifNoneMatch);
                if (served.notModified() || citizen
                        || readModel.record(id, OfficerReads.Read.of(caller, id, clock))) {
                    return served;
                }
                // the officer may no longer see it (or it is gone): ask the database
                rendered.drop(id);
            }
        }
        RenderedApplications.Stamp stamp = rendered.stamp(id);
        // a 304 is no read: record in the same statement only when the answer cannot be one
        boolean recordNow = !citizen && (ifNoneMatch == null || ifNoneMatch.isBlank());
        ApplicationReadModel.Loaded loaded = readModel.load(id, recordNow ? OfficerReads.Read.of(caller, id, clock)
                : null).orElseThrow(() -> ProblemException.notFound("application"));
        ApplicationSnapshot application = loaded.snapshot();
        if (!application.visibleTo(caller) && !seenBySubject(caller, application)) {
            throw ProblemException.notFound("application");
        }
        ServiceItemView service = catalog.service(application.serviceCode());
        DueDates dueDates = calendar.dueDates();
        PreparedBody answer = views.prepared(application, citizen, service, dueDates, today);
        rendered.keep(stamp, application, citizen, new RenderedApplications.Rendered(service, dueDates, today,
                answer));
        Served served = Served.of(answer, ifNoneMatch);
        if (!citizen && !served.notModified() && !loaded.recorded()
                && !readModel.record(id, OfficerReads.Read.of(caller, id, clock))) {
            throw ProblemException.notFound("application");
        }
        return served;
    }

    /**
     * One of the citizen's own applications as they see it, for their export of their own data (an owner's read: no
     * access record), with the whole timeline they may see embedded (not only the latest events); never from the
     * answers kept in memory.
     *
     * @throws ProblemException 404 when it is not theirs
     */
    public ApplicationView own(Caller citizen, UUID id) {
        if (!citizen.isCitizen()) {
            throw new IllegalArgumentException("only a citizen reads their own applications");
        }
        if (id == null) {
            throw ProblemException.notFound("application");
        }
        ApplicationSnapshot application = readModel.load(id, null).map(ApplicationReadModel.Loaded::snapshot)
                .filter(found -> found.visibleTo(citizen) || seenBySubject(citizen, found))
                .orElseThrow(() -> ProblemException.notFound("application"));
        ApplicationView view = views.view(application, true, catalog.service(application.serviceCode()),
                calendar.dueDates(), clock.today());
        if (view.fullTimeline() == null) {
            return view;
        }
        // everything held about them: the whole timeline, not a link into the API
        return view.withWholeTimeline(readModel.timeline(id, 0, true, null)
                .map(ApplicationReadModel.TimelineRows::events).orElse(view.timeline()));
    }

    /**
     * The caller's applications (citizen: own; officer: own station's, never DRAFTs), newest first, in one statement.
     *
     * @throws ProblemException 400 {@code validation-failed} for an unknown status, a foreign cursor or a bad limit
     */
    public Page<ApplicationSummary> list(Caller caller, String status, String serviceCode, String cursor,
            Integer limit) {
        int size = Cursors.limit(limit);
        ApplicationStatus wanted = status == null ? null : parseStatus(status);
        StringBuilder where = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        if (caller.isCitizen()) {
            // their own, and those someone else made about them (from the first submission on: a draft withdrawn
            // unsubmitted stays the applicant's): one statement, two indexes
            where.append("(applicant_account_id = ? or (acting_person_id is not null and submitted_at is not null "
                    + "and applicant_person_id = citizen_person(?)))");
            parameters.add(caller.accountId());
            parameters.add(caller.accountId());
        } else {
            if (caller.station() == null) {
                return Page.last(List.of());
            }
            where.append("handling_station = ? and status <> 'DRAFT'");
            parameters.add(caller.station());
        }
        if (wanted != null) {
            where.append(" and status = ?");
            parameters.add(wanted.name());
        }
        if (serviceCode != null) {
            where.append(" and service_code = ?");
            parameters.add(serviceCode);
        }
        if (cursor != null) {
            String[] keys = Cursors.decode(cursor, 2);
            OffsetDateTime at;
            UUID after;
            try {
                at = OffsetDateTime.ofInstant(Instant.EPOCH.plus(Long.parseLong(keys[0]), ChronoUnit.MICROS),
                        ZoneOffset.UTC);
                after = UUID.fromString(keys[1]);
            } catch (RuntimeException e) {
                throw badCursor();
            }
            where.append(" and (created_at < ? or (created_at = ? and id < ?))");
            parameters.add(at);
            parameters.add(at);
            parameters.add(after);
        }
        List<ApplicationReadModel.SummaryRow> found = readModel.list(where.toString(), parameters, size + 1);
        DueDates dueDates = calendar.dueDates();
        LocalDate today = clock.today();
        List<ApplicationSummary> items = new ArrayList<>();
        for (int i = 0; i < Math.min(size, found.size()); i++) {
            ApplicationReadModel.SummaryRow row = found.get(i);
            items.add(views.summary(row, caller.isCitizen(), catalog.service(row.serviceCode()), dueDates, today));
        }
        if (found.size() <= size) {
            return Page.last(items);
        }
        ApplicationReadModel.SummaryRow last = found.get(size - 1);
        return new Page<>(items, Cursors.encode(
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, last.createdAt())), last.id().toString()));
    }

    /**
     * The officer's queue: the station's open applications, overdue first, then by the running deadline (acceptance
     * or service due date), those without a running clock (SUPPLEMENT_REQUIRED, SUSPENDED) last; one statement.
     */
    public Page<ApplicationSummary> queue(Caller caller, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        if (caller.station() == null) {
            return Page.last(List.of());
        }
        Object[] after = null;
        if (cursor != null) {
            String[] keys = Cursors.decode(cursor, 3);
            try {
                after = new Object[] { Integer.parseInt(keys[0]), LocalDate.parse(keys[1]),
                        UUID.fromString(keys[2]) };
            } catch (RuntimeException e) {
                throw badCursor();
            }
        }
        LocalDate today = clock.today();
        List<ApplicationReadModel.QueueRow> rows = readModel.queue(caller.station(), today, after, size + 1);
        DueDates dueDates = calendar.dueDates();
        List<ApplicationSummary> items = new ArrayList<>();
        for (int i = 0; i < Math.min(size, rows.size()); i++) {
            ApplicationReadModel.SummaryRow row = rows.get(i).row();
            items.add(views.summary(row, false, catalog.service(row.serviceCode()), dueDates, today));
        }
        if (rows.size() <= size) {
            return Page.last(items);
        }
        ApplicationReadModel.QueueRow last = rows.get(size - 1);
        return new Page<>(items, Cursors.encode(String.valueOf(last.rank()), String.valueOf(last.deadline()),
                String.valueOf(last.row().id())));
    }

    /**
     * The events after {@code after} the caller may see (PUBLIC ones for the citizen, all for staff), oldest first,
     * with the application's status, in one statement. A staff read that returns events is recorded in the
     * applicant's access log in that statement (folded with the reader's other reads of the application,
     * {@link OfficerReads}); one that returns nothing new (a long-poll's wait, an event stream's heartbeat) is not.
     *
     * @throws ProblemException 404 when the caller may not see the application
     */
    public TimelineRead timeline(Caller caller, UUID id, int after) {
        if (id == null) {
            throw ProblemException.notFound("application");
        }
        boolean citizen = caller.isCitizen();
        ApplicationReadModel.TimelineRows rows = readModel.timeline(id, after, citizen,
                citizen ? null : OfficerReads.Read.of(caller, id, clock))
                .filter(found -> ApplicationSnapshot.visible(caller, found.applicantAccountId(), found.status(),
                        found.handlingStation()) || (citizen && found.acting() && found.submitted()
                                && ApplicationSnapshot.visibleToSubject(
                                caller, readModel.boundPerson(caller.accountId()).orElse(null),
                                found.applicantPersonId(), true, found.submitted())))
                .orElseThrow(() -> ProblemException.notFound("application"));
        return new TimelineRead(rows.events(), rows.status());
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

    /** The kept answer for the audience if it was rendered with today's catalogue, calendar and date; else null. */
    private RenderedApplications.Rendered current(RenderedApplications.Entry kept, boolean citizen, LocalDate today) {
        RenderedApplications.Rendered answer = kept.rendered(citizen);
        return answer != null && answer.renderedWith(catalog.service(kept.serviceCode()), calendar.dueDates(), today)
                ? answer : null;
    }

    /**
     * Whether a citizen who is not the applicant is the person the application is about, made for them by someone
     * else and submitted ({@link ApplicationSnapshot#visibleToSubject}); one statement, only when it could be so.
     */
    private boolean seenBySubject(Caller caller, ApplicationSnapshot application) {
        return caller.isCitizen() && application.actedFor() && application.submittedAt() != null
                && ApplicationSnapshot.visibleToSubject(caller, readModel.boundPerson(caller.accountId())
                        .orElse(null), application.applicantPersonId(), true, true);
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
                    "must be one of " + Arrays.toString(ApplicationStatus.values()), "invalid")));
        }
    }
}
