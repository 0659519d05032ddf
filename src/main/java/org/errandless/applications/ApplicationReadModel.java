package org.errandless.applications;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.applications.ApplicationSnapshot.MaterialRow;
import org.errandless.catalog.MaterialSource;
import org.errandless.catalog.SourceDepartment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;

/**
 * The reads of applications, each one statement (one round trip): an application with its materials and the latest
 * events of its timeline (and an officer's access record, in the same statement), a page of a list or of the
 * officer's queue, the events of a timeline after a sequence number.
 *
 * <p>Plain JDBC on a pooled connection: without a transaction the statement runs on its own (autocommit), so a read
 * holds no transaction and makes no second round trip to commit one; inside a transaction (a change checking its
 * {@code If-Match}, or answering with what it changed) it runs on the transaction's connection and sees its writes.
 * The database builds the nested parts as JSON ({@code json_agg}); timestamps come as ISO 8601 text with an offset.
 */
@ApplicationScoped
class ApplicationReadModel {

    /** What a page of a list or of the queue carries of each application (no form, no personal data). */
    record SummaryRow(UUID id, String serviceCode, ApplicationStatus status, String handlingStation,
            Instant createdAt, Instant submittedAt, LocalDate acceptanceDueDate, LocalDate dueDate,
            boolean dueDateProvisional, LocalDate suspendedOn, JsonNode parties) {
    }

    /** A page of the queue: the rows and, per row, its position (rank and deadline) for the next cursor. */
    record QueueRow(SummaryRow row, int rank, LocalDate deadline) {
    }

    /** An application read for an officer, and whether the read was recorded (the officer may see it). */
    record Loaded(ApplicationSnapshot snapshot, boolean recorded) {
    }

    /** The events of a timeline after a sequence number, with what decides who may see them. */
    record TimelineRows(UUID applicantAccountId, ApplicationStatus status, String handlingStation,
            List<ApplicationView.TimelineEvent> events, UUID applicantPersonId, boolean acting, boolean submitted) {
    }

    private static final String SUMMARY_COLUMNS = "id, service_code, status, handling_station, created_at, "
            + "submitted_at, acceptance_due_date, due_date, due_date_provisional, suspended_on, parties::text";

    private static final String EVENT_COLUMNS = "seq, at, actor_role, action, from_status, to_status, comment, "
            + "visibility";

    private static final String APPLICATION = "select a.id, a.service_code, a.applicant_account_id, "
            + "a.applicant_person_id, a.status, a.form::text, a.handling_station, a.version, a.created_at, "
            + "a.updated_at, a.submitted_at, a.accepted_at, a.decided_at, a.acceptance_due_date, a.due_date, "
            + "a.due_date_provisional, a.suspended_on, a.supplement_requested, a.supplement_materials::text, "
            + "a.supplement_comment, a.consent_to_data_sharing, a.consent_at, a.decision_reason, "
            + "a.decision_legal_basis, a.event_count, "
            + "(select json_agg(json_build_object('code', m.material_code, 'source', m.source, 'documentId', "
            + "m.document_id, 'sourceDepartment', m.source_department, 'reference', m.reference, 'retrievedAt', "
            + "m.retrieved_at, 'digest', m.digest, 'evidence', m.evidence, 'unavailableReason', m.unavailable_reason, "
            + "'unavailableDetail', m.unavailable_detail, 'unavailableAt', m.unavailable_at, 'documentDeletedAt', "
            + "m.document_deleted_at)) from application_material m where m.application_id = a.id)::text, "
            + "(select json_agg(e order by e.seq) from (select " + EVENT_COLUMNS + " from application_event "
            + "where application_id = a.id order by seq desc limit " + ApplicationViews.EMBEDDED_EVENTS
            + ") e)::text, "
            + "(select json_agg(e order by e.seq) from (select " + EVENT_COLUMNS + " from application_event "
            + "where application_id = a.id and visibility = 'PUBLIC' order by seq desc limit "
            + ApplicationViews.EMBEDDED_EVENTS + ") e)::text, "
            + "(select count(*) from application_event where application_id = a.id and visibility = 'PUBLIC'), "
            + "a.parties::text, "
            + "(select json_build_object('state', c.state, 'askedAt', c.asked_at, 'answeredAt', c.answered_at) "
            + "from move_in_consent c where c.application_id = a.id order by c.asked_at desc, c.id desc limit 1)::text "
            + "as move_in_consent";

    private String load;
    private String loadRecording;
    private static final String RECORD = "select " + OfficerReads.wholeApplication()
            + " from application a where a.id = ?";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;
    @Inject
    HandOverAppointments appointments;

    @PostConstruct
    void statements() {
        // the appointment (column 31, after the parties) comes in the same statement, from the feature that keeps it
        String application = APPLICATION + ", " + appointments.column();
        load = application + " from application a where a.id = ?";
        loadRecording = application + ", " + OfficerReads.wholeApplication() + " from application a where a.id = ?";
    }

    /** The application in one statement, or empty when there is none. */
    Optional<ApplicationSnapshot> load(UUID id) {
        return load(id, null).map(Loaded::snapshot);
    }

    /**
     * The application in one statement, recording {@code read} in it when given (an officer's read, recorded only
     * if the officer may see the application), or empty when there is none.
     */
    Optional<Loaded> load(UUID id, OfficerReads.Read read) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(read == null ? load : loadRecording)) {
            int index = 1;
            if (read != null) {
                index = OfficerReads.bind(statement, index, read);
            }
            statement.setObject(index, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Loaded(snapshot(row), read != null && row.getLong(33) > 0));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read application " + id, e);
        }
    }

    /**
     * Records an officer's read of the whole application (served from memory) in one statement: false when the
     * application is gone or the officer may not see it any more (nothing recorded).
     */
    boolean record(UUID id, OfficerReads.Read read) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(RECORD)) {
            statement.setObject(OfficerReads.bind(statement, 1, read), id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record a read of application " + id, e);
        }
    }

    /**
     * The events after {@code after} (PUBLIC ones only for a citizen), oldest first, with the application's status,
     * in one statement that also records {@code read} when given and there are events; empty for an unknown id.
     */
    Optional<TimelineRows> timeline(UUID id, int after, boolean citizen, OfficerReads.Read read) {
        String sql = "select a.applicant_account_id, a.status, a.handling_station, (select json_agg(e order by e.seq) "
                + "from (select " + EVENT_COLUMNS + " from application_event where application_id = a.id and seq > ?"
                + (citizen ? " and visibility = 'PUBLIC'" : "") + ") e)::text, a.applicant_person_id, "
                + "a.acting_person_id is not null, a.submitted_at is not null"
                + (read == null ? "" : ", " + OfficerReads.timelineEventsAfter()) + " from application a where a.id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setInt(index++, after);
            if (read != null) {
                index = OfficerReads.bind(statement, index, read);
                statement.setInt(index++, after);
            }
            statement.setObject(index, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new TimelineRows(row.getObject(1, UUID.class),
                        ApplicationStatus.valueOf(row.getString(2)), row.getString(3), events(row.getString(4)),
                        row.getObject(5, UUID.class), row.getBoolean(6), row.getBoolean(7)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the timeline of application " + id, e);
        }
    }

    /**
     * The person of the register the citizen's account is verified as (bound, enabled, L2 or above), in one
     * statement ({@code citizen_person}, identity's function); empty when none.
     */
    Optional<UUID> boundPerson(UUID accountId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select citizen_person(?)")) {
            statement.setObject(1, accountId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the person of account " + accountId, e);
        }
    }

    /**
     * The SQL condition on an application aliased {@code a} that its subject may see it: made for them by someone else
     * ({@code acting_person_id}), submitted at least once, and about the person bound to the account in the parameter
     * {@code readerAccount} (a JDBC {@code ?} or a numbered {@code ?n}). Shared with the subject's read of the
     * documents handed in for them.
     */
    static String subjectSees(String readerAccount) {
        return "a.acting_person_id is not null and a.submitted_at is not null "
                + "and a.applicant_person_id = citizen_person(" + readerAccount + ")";
    }

    /**
     * Whether the account's person (as {@code citizen_person} says) is the subject of the application, made for them
     * by someone else and submitted at least once ({@link ApplicationSnapshot#visibleToSubject}); one statement.
     */
    boolean seenBySubject(UUID id, UUID accountId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select exists (select 1 from application a "
                        + "where a.id = ? and " + subjectSees("?") + ")")) {
            statement.setObject(1, id);
            statement.setObject(2, accountId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the subject of application " + id, e);
        }
    }

    /**
     * One page of a list, newest first: {@code where} selects (its parameters in {@code parameters}), at most
     * {@code limit} rows.
     */
    List<SummaryRow> list(String where, List<Object> parameters, int limit) {
        String sql = "select " + SUMMARY_COLUMNS + " from application where " + where
                + " order by created_at desc, id desc limit ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = bindAll(statement, parameters);
            statement.setInt(index, limit);
            List<SummaryRow> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(summary(row));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list applications", e);
        }
    }

    /**
     * One page of a station's queue: open applications, overdue first (rank 0), then by the running deadline (rank
     * 1), those without a running clock last (rank 2); after the position {@code after} (rank, deadline, id) when
     * given; at most {@code limit} rows.
     */
    List<QueueRow> queue(String station, LocalDate today, Object[] after, int limit) {
        String sql = "select " + SUMMARY_COLUMNS + ", rank, deadline from (select " + SUMMARY_COLUMNS
                + ", case when current_deadline is null then 2 when current_deadline < ? then 0 else 1 end as rank, "
                + "coalesce(current_deadline, date '9999-12-31') as deadline from application "
                + "where handling_station = ? and status in ('SUBMITTED', 'SUPPLEMENT_REQUIRED', 'ACCEPTED', "
                + "'SUSPENDED', 'APPROVED')) q" + (after == null ? "" : " where (rank, deadline, id) > (?, ?, ?)")
                + " order by rank, deadline, id limit ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setObject(index++, today);
            statement.setString(index++, station);
            if (after != null) {
                index = bindAll(statement, index, List.of(after));
            }
            statement.setInt(index, limit);
            List<QueueRow> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new QueueRow(summary(row), row.getInt(12), row.getObject(13, LocalDate.class)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the queue of station " + station, e);
        }
    }

    // ---- rows -------------------------------------------------------------------------------------------------

    private ApplicationSnapshot snapshot(ResultSet row) throws SQLException {
        String supplement = row.getString(19);
        List<String> supplementMaterials = new ArrayList<>();
        if (supplement != null) {
            StoredJson.tree(json, supplement).forEach(code -> supplementMaterials.add(code.asText()));
        }
        List<ApplicationView.TimelineEvent> latest = events(row.getString(27));
        return new ApplicationSnapshot(row.getObject(1, UUID.class), row.getString(2), row.getObject(3, UUID.class),
                row.getObject(4, UUID.class), ApplicationStatus.valueOf(row.getString(5)),
                StoredJson.tree(json, row.getString(6)), row.getString(7), row.getLong(8), instant(row, 9),
                instant(row, 10), instant(row, 11), instant(row, 12), instant(row, 13),
                row.getObject(14, LocalDate.class), row.getObject(15, LocalDate.class), row.getBoolean(16),
                row.getObject(17, LocalDate.class), row.getBoolean(18), List.copyOf(supplementMaterials),
                row.getString(20), row.getBoolean(21), instant(row, 22), row.getString(23), row.getString(24),
                row.getInt(25), materials(row.getString(26)), latest, events(row.getString(28)), row.getInt(29),
                row.getString(30) == null ? null : StoredJson.tree(json, row.getString(30)),
                moveInConsent(row.getString(31)), appointment(row.getString(32)));
    }

    private ApplicationView.MoveInConsent moveInConsent(String text) {
        if (text == null) {
            return null;
        }
        JsonNode consent = StoredJson.tree(json, text);
        return new ApplicationView.MoveInConsent(consent.path("state").asText(), instant(consent.get("askedAt")),
                instant(consent.get("answeredAt")));
    }

    private SummaryRow summary(ResultSet row) throws SQLException {
        String parties = row.getString(11);
        return new SummaryRow(row.getObject(1, UUID.class), row.getString(2),
                ApplicationStatus.valueOf(row.getString(3)), row.getString(4), instant(row, 5), instant(row, 6),
                row.getObject(7, LocalDate.class), row.getObject(8, LocalDate.class), row.getBoolean(9),
                row.getObject(10, LocalDate.class), parties == null ? null : StoredJson.tree(json, parties));
    }

    private Map<String, MaterialRow> materials(String text) {
        if (text == null) {
            return Map.of();
        }
        Map<String, MaterialRow> rows = new LinkedHashMap<>();
        for (JsonNode material : StoredJson.tree(json, text)) {
            JsonNode evidence = material.get("evidence");
            MaterialRow row = new MaterialRow(material.get("code").asText(),
                    enumOf(MaterialSource.class, material.get("source")), uuid(material.get("documentId")),
                    enumOf(SourceDepartment.class, material.get("sourceDepartment")), text(material.get("reference")),
                    instant(material.get("retrievedAt")), text(material.get("digest")),
                    evidence == null || evidence.isNull() ? null : evidence, text(material.get("unavailableReason")),
                    text(material.get("unavailableDetail")), instant(material.get("unavailableAt")),
                    instant(material.get("documentDeletedAt")));
            rows.put(row.code(), row);
        }
        return Collections.unmodifiableMap(rows);
    }

    private ApplicationView.Appointment appointment(String text) {
        if (text == null) {
            return null;
        }
        JsonNode node = StoredJson.tree(json, text);
        return new ApplicationView.Appointment(uuid(node.get("id")), text(node.get("stationCode")),
                LocalDate.parse(node.get("date").asText()), text(node.get("period")), instant(node.get("startsAt")),
                instant(node.get("endsAt")), text(node.get("status")), instant(node.get("bookedAt")),
                instant(node.get("outcomeAt")));
    }

    private List<ApplicationView.TimelineEvent> events(String text) {
        if (text == null) {
            return List.of();
        }
        List<ApplicationView.TimelineEvent> events = new ArrayList<>();
        for (JsonNode event : StoredJson.tree(json, text)) {
            events.add(new ApplicationView.TimelineEvent(event.get("seq").asInt(), instant(event.get("at")),
                    enumOf(ActorRole.class, event.get("actor_role")), text(event.get("action")),
                    enumOf(ApplicationStatus.class, event.get("from_status")),
                    enumOf(ApplicationStatus.class, event.get("to_status")), text(event.get("comment")),
                    enumOf(EventVisibility.class, event.get("visibility"))));
        }
        return List.copyOf(events);
    }

    private static int bindAll(PreparedStatement statement, List<Object> parameters) throws SQLException {
        return bindAll(statement, 1, parameters);
    }

    private static int bindAll(PreparedStatement statement, int index, List<Object> parameters) throws SQLException {
        for (Object parameter : parameters) {
            statement.setObject(index++, parameter);
        }
        return index;
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : OffsetDateTime.parse(node.asText()).toInstant();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static UUID uuid(JsonNode node) {
        return node == null || node.isNull() ? null : UUID.fromString(node.asText());
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, JsonNode node) {
        return node == null || node.isNull() ? null : Enum.valueOf(type, node.asText());
    }
}
