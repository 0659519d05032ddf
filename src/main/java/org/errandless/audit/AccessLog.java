package org.errandless.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;

import io.agroal.api.AgroalDataSource;

/**
 * Access records: one per read of a person's data by staff, a partner department or the system, so the citizen can
 * see who looked at their data and why.
 *
 * <p>Records are written in the transaction of the read they record and are append-only: where the application's
 * database user is not the schema owner, it has only INSERT and SELECT on {@code access_record} (migration
 * {@code V20261128_0601__audit_append_only}), plus UPDATE of the fold counter ({@code read_count}, {@code last_at})
 * and nothing else; a trigger keeps that promise for every role ({@code V20261204_1401__access_record_folding}).
 *
 * <p>Repeated reads of one thing by one reader fold ({@link #recordRead}): a citizen whose application an officer
 * opens twenty times in ten minutes sees one entry read twenty times, with the last time, not twenty entries.
 */
@ApplicationScoped
public class AccessLog {

    /** Reads of one thing by one reader within this time of the first fold into that first one's record. */
    public static final Duration FOLD_WINDOW = Duration.ofMinutes(10);

    private static final String COLUMNS = "seq, id, person_id, accessor_type, accessor_id, accessor_label, what, "
            + "purpose, legal_basis, occurred_at, request_id, read_count, coalesce(last_at, occurred_at)";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    BusinessClock clock;

    /** Records a read in the caller's transaction (or a new one where there is none). */
    @Transactional(TxType.REQUIRED)
    public AccessRecord record(AccessEntry entry) {
        Instant at = clock.now().truncatedTo(ChronoUnit.MICROS);
        AccessRecord record = new AccessRecord(UUID.randomUUID(), entry.personId(), entry.accessorType(),
                entry.accessorId(), entry.accessorLabel(), entry.what(), entry.purpose(), entry.legalBasis(),
                at, CurrentRequest.id(), 1, at);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into access_record (id, person_id, "
                        + "accessor_type, accessor_id, accessor_label, what, purpose, legal_basis, occurred_at, "
                        + "request_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, record.id());
            insert.setObject(2, record.personId());
            insert.setString(3, record.accessorType().name());
            insert.setString(4, record.accessorId());
            insert.setString(5, record.accessorLabel());
            insert.setString(6, record.what());
            insert.setString(7, record.purpose());
            insert.setString(8, record.legalBasis());
            insert.setObject(9, OffsetDateTime.ofInstant(record.occurredAt(), ZoneOffset.UTC));
            insert.setString(10, record.requestId());
            insert.executeUpdate();
            return record;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record an access to a person's data", e);
        }
    }

    /**
     * Records one read that showed the data of several people (an application shows its applicant, and the spouse,
     * deceased or newborn it names), a record for each, in one statement in the caller's transaction (or a new one
     * where there is none). Repeated reads fold: where a person already has a record of {@code readOf} by the same
     * accessor (and {@code what}) that began at most {@link #FOLD_WINDOW} ago, that record counts one more read and
     * its last time moves to now, instead of a new record. Two instances folding at once are settled by the database.
     *
     * @param entries the read, one entry per person, alike in everything but the person (duplicates are one)
     * @param readOf what was read, as an opaque reference that carries no personal data, e.g.
     *        {@code application:<id>}; the fold is per reader, kind and this reference
     * @throws IllegalArgumentException when the entries differ in more than the person
     */
    @Transactional(TxType.REQUIRED)
    public void recordRead(List<AccessEntry> entries, String readOf) {
        if (entries.isEmpty()) {
            return;
        }
        EntryChecks.noPersonalData("read of", EntryChecks.required("read of", readOf, 100));
        AccessEntry first = entries.get(0);
        // one lock order for every reader, so two transactions folding the same people never wait for each other
        TreeSet<UUID> people = new TreeSet<>();
        for (AccessEntry entry : entries) {
            if (!first.about(entry.personId()).equals(entry)) {
                throw new IllegalArgumentException("The entries of one read differ in more than the person");
            }
            people.add(entry.personId());
        }
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS);
        String foldKey = first.accessorType() + ":" + Objects.requireNonNullElse(first.accessorId(), "") + ":"
                + first.what() + ":" + readOf;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement call = connection.prepareStatement(
                        "select record_access(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            call.setArray(1, connection.createArrayOf("uuid",
                    people.stream().map(person -> UUID.randomUUID()).toArray()));
            call.setArray(2, connection.createArrayOf("uuid", people.toArray()));
            call.setString(3, first.accessorType().name());
            call.setString(4, first.accessorId());
            call.setString(5, first.accessorLabel());
            call.setString(6, first.what());
            call.setString(7, first.purpose());
            call.setString(8, first.legalBasis());
            call.setObject(9, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            call.setString(10, CurrentRequest.id());
            call.setString(11, foldKey);
            call.setObject(12, OffsetDateTime.ofInstant(now.minus(FOLD_WINDOW), ZoneOffset.UTC));
            call.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record an access to people's data", e);
        }
    }

    /**
     * Lists the reads of one person's data, newest first.
     *
     * @param personId whose data
     * @param cursor the {@code nextCursor} of the previous page, or null for the first page
     * @param limit page size, default {@value Cursors#DEFAULT_LIMIT}
     * @throws ProblemException 400 {@code validation-failed} for a foreign cursor or a limit outside 1..100
     */
    @Transactional(TxType.SUPPORTS)
    public Page<AccessRecord> listForPerson(UUID personId, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        String sql = "select " + COLUMNS + " from access_record where person_id = ?"
                + (cursor == null ? "" : " and (occurred_at, seq) < (?, ?)")
                + " order by occurred_at desc, seq desc limit ?";
        List<AccessRecord> items = new ArrayList<>(size + 1);
        long lastSeq = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            int parameter = 1;
            select.setObject(parameter++, personId);
            if (cursor != null) {
                Position after = Position.decode(cursor);
                select.setObject(parameter++, OffsetDateTime.ofInstant(after.occurredAt(), ZoneOffset.UTC));
                select.setLong(parameter++, after.seq());
            }
            select.setInt(parameter, size + 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (items.size() == size) {
                        return new Page<>(List.copyOf(items),
                                new Position(items.get(size - 1).occurredAt(), lastSeq).encode());
                    }
                    lastSeq = rows.getLong(1);
                    items.add(read(rows));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list accesses to a person's data", e);
        }
        return Page.last(items);
    }

    private static AccessRecord read(ResultSet rows) throws SQLException {
        return new AccessRecord(rows.getObject(2, UUID.class), rows.getObject(3, UUID.class),
                AccessorType.valueOf(rows.getString(4)), rows.getString(5), rows.getString(6), rows.getString(7),
                rows.getString(8), rows.getString(9), rows.getObject(10, OffsetDateTime.class).toInstant(),
                rows.getString(11), rows.getInt(12), rows.getObject(13, OffsetDateTime.class).toInstant());
    }


    /** Keyset position: the time in epoch microseconds and the sequence number of the last record served. */
    private record Position(Instant occurredAt, long seq) {

        String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, occurredAt);
            return Cursors.encode(Long.toString(micros), Long.toString(seq));
        }

        static Position decode(String cursor) {
            String[] keys = Cursors.decode(cursor, 2);
            try {
                return new Position(Instant.EPOCH.plus(Long.parseLong(keys[0]), ChronoUnit.MICROS),
                        Long.parseLong(keys[1]));
            } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
                throw ProblemException.validation(
                        List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
            }
        }
    }
}
