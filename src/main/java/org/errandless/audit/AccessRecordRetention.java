package org.errandless.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.agroal.api.AgroalDataSource;

/**
 * The one way access records leave the database: the retention purge, through the database function
 * {@code purge_access_records} (migration {@code V20261204_2000__retention_purge}).
 *
 * <p>The application's database user has no DELETE right on {@code access_record}; the function, owned by the schema
 * owner, deletes only records older than the cutoff asked for <em>and</em> older than three years by the database's
 * own clock, a batch at a time. So even a compromised application can erase only what the law no longer requires,
 * never recent reads. The audit trail has no such door: it is never purged.
 */
@ApplicationScoped
public class AccessRecordRetention {

    /** The legal minimum the database function keeps whatever it is asked (PIPL art. 56, Civil Code art. 188). */
    public static final java.time.Period LEGAL_MINIMUM = java.time.Period.ofYears(3);

    /** Most records one call deletes. */
    public static final int MAX_BATCH = 10_000;

    @Inject
    AgroalDataSource dataSource;

    /**
     * Deletes up to {@code limit} of the oldest access records that occurred before {@code before} (and before the
     * legal minimum). One statement, committed on its own: it must be called with no transaction open, so a purge
     * of many batches never becomes one long transaction.
     *
     * @return how many went; fewer than {@code limit} means none are left to delete
     * @throws IllegalArgumentException for a limit outside 1..{@value #MAX_BATCH}
     * @throws jakarta.transaction.TransactionalException when called inside a transaction
     */
    @Transactional(TxType.NEVER)
    public int purgeBefore(Instant before, int limit) {
        if (limit < 1 || limit > MAX_BATCH) {
            throw new IllegalArgumentException("a batch of 1 to " + MAX_BATCH + " records");
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement purge = connection.prepareStatement("select purge_access_records(?, ?)")) {
            purge.setObject(1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
            purge.setInt(2, limit);
            try (ResultSet rows = purge.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not purge access records", e);
        }
    }
}
