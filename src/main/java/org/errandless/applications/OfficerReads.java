package org.errandless.applications;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.errandless.audit.AccessLog;
import org.errandless.audit.AccessorType;
import org.errandless.catalog.ServiceItemView;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.RequestIds;
import org.jboss.logging.MDC;

/**
 * The access records of officers' reads of applications, in one place: a read that serves an application is recorded
 * for every person of the register whose data it shows, folded with the same officer's reads of the same application
 * in the last ten minutes ({@link AccessLog#recordRead}'s fold, through the same database function
 * {@code record_access}), inside the very statement that reads the application (or, when the answer came from
 * memory, as the one statement of the read), so the record is durable before the answer leaves and costs no round
 * trip of its own.
 *
 * <p>Who an application shows: the person it is about ({@link Application#applicantPersonId}) and the one who acts
 * for them ({@link Application#actingPersonId}, a parent or an agent); the people its form names ({@link Application#subjectPersonIds}: the
 * deceased, any ID number of the register, and the newborn its approval registered); and the people the evidence
 * fetched from departments names ({@link ApplicationMaterial#subjectPersonIds}: the other parent, the spouse, the
 * owners), which it shows masked; and, for a MOVE_IN, the head of the receiving household whose consent it shows
 * ({@link MoveInConsents}). All of them are kept on the rows when they become known, so the statement finds
 * them without a lookup. A timeline shows the progress of the applicant's matter only, so a read of it is recorded for
 * the applicant. The record is made only while the officer may see the application (their station's, no DRAFT),
 * checked by the same statement.
 */
final class OfficerReads {

    /** The kind of data read, as the citizen's list names it. */
    static final String WHAT = "application";

    /** Everyone the whole application shows (see the class comment), on the application row {@code a}. */
    private static final String WHOLE = "array[a.applicant_person_id, a.acting_person_id] || a.subject_person_ids "
            + "|| coalesce((select array_agg(shown.person) from application_material m cross join lateral "
            + "unnest(m.subject_person_ids) as shown(person) where m.application_id = a.id and m.source = 'SHARED'), "
            + "'{}'::uuid[]) || coalesce((select array_agg(c.head_person_id) from move_in_consent c "
            + "where c.application_id = a.id), '{}'::uuid[])";
    /** Whom a timeline shows. */
    private static final String APPLICANT = "array[a.applicant_person_id]";

    private OfficerReads() {
    }

    /**
     * One officer's read, as the statement records it.
     *
     * @param occurredAt the business clock's now
     * @param foldSince reads of the same key since then fold into one record
     */
    record Read(String staffId, String station, String foldKey, OffsetDateTime occurredAt, OffsetDateTime foldSince,
            String requestId) {

        static Read of(Caller caller, UUID applicationId, BusinessClock clock) {
            OffsetDateTime now = OffsetDateTime.ofInstant(clock.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
            Object requestId = MDC.get(RequestIds.MDC_KEY);
            String request = requestId == null ? null : requestId.toString();
            return new Read(caller.staffId(), caller.station(), AccessLog.foldKey(AccessorType.STAFF,
                    caller.staffId(), WHAT, "application:" + applicationId), now, now.minus(AccessLog.FOLD_WINDOW),
                    request == null || request.length() <= 64 ? request : request.substring(0, 64));
        }
    }

    /**
     * A scalar subquery on the application row {@code a} that records the read of the whole application and answers
     * 1, or answers 0 and records nothing when the officer may not see it. Its parameters: {@link #bind}.
     */
    static String wholeApplication() {
        return fragment(WHOLE, "");
    }

    /**
     * The same for a read of the timeline that serves events after the sequence number given as the parameter that
     * follows {@link #bind}'s: recorded for the applicant, and only when there are such events.
     */
    static String timelineEventsAfter() {
        return fragment(APPLICANT, " and exists (select 1 from application_event e where e.application_id = a.id "
                + "and e.seq > ?)");
    }

    private static String fragment(String people, String condition) {
        // the label and the purpose as AccessLog's callers word them: "<station> 户籍民警", "审核<service>申请"
        return "(select count(recorded.done) from (select record_access(array(select gen_random_uuid() from "
                + "unnest(shown.ids)), shown.ids, 'STAFF', ?, coalesce((select s.name from station s where s.code = ?), "
                + "?) || ' 户籍民警', '" + WHAT + "', '审核' || (select si.name_zh from service_item si where si.code = "
                + "a.service_code) || '申请', null, ?, ?, ?, ?)::text as done from (select array(select distinct p "
                + "from unnest(" + people + ") p where p is not null order by p) as ids) shown "
                + "where a.status <> 'DRAFT' and a.handling_station = ?" + condition + ") recorded)";
    }

    /** Binds the parameters of a fragment from {@code index} on; answers the index of the next parameter. */
    static int bind(PreparedStatement statement, int index, Read read) throws SQLException {
        statement.setString(index++, read.staffId());
        statement.setString(index++, read.station());
        statement.setString(index++, read.station());
        statement.setObject(index++, read.occurredAt());
        statement.setString(index++, read.requestId());
        statement.setString(index++, read.foldKey());
        statement.setObject(index++, read.foldSince());
        statement.setString(index++, read.station());
        return index;
    }

    /** The purpose of an officer's read of an application of this service, as the statement words it. */
    static String purpose(ServiceItemView service) {
        return "审核" + service.name().zh() + "申请";
    }
}
