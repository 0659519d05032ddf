package org.errandless.supervision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.catalog.CalendarService;
import org.errandless.catalog.WorkingDayCalendar;
import org.errandless.common.time.BusinessClock;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The working-day calendar as per-day ordinals in {@code working_day_ordinal} (the number of working days from
 * {@link #FIRST} up to and including each day), so the statistics' SQL counts the working days between two dates as
 * the difference of their ordinals (e.g. from submission to decision) and stays one query over indexed columns.
 *
 * <p>The table is rebuilt from the calendar whenever its fingerprint changes (an admin replaced a year): each instance
 * checks the calendar it reads before a statistics query (a new snapshot object is the only sign of a change), and
 * the rebuild runs under an advisory lock after re-reading the stored fingerprint, so instances never rebuild twice.
 * Days outside {@link #FIRST}..{@link #LAST} have no ordinal and count as unknown.
 */
@ApplicationScoped
public class WorkingDayOrdinals {

    /** The first day with an ordinal. */
    static final LocalDate FIRST = LocalDate.of(2000, 1, 1);
    /** The last day with an ordinal. */
    static final LocalDate LAST = LocalDate.of(2099, 12, 31);
    /** Advisory lock key of the rebuild ("ERRWDORD" in ASCII); no other code may use it. */
    static final long REBUILD_LOCK = 0x4552_5257_444F_5244L;

    @Inject
    CalendarService calendar;
    @Inject
    EntityManager entityManager;
    @Inject
    BusinessClock clock;

    private volatile WorkingDayCalendar verified;

    /** Makes sure the ordinals match the calendar as it is now; runs its own transaction when it must rebuild. */
    public void ensureCurrent() {
        WorkingDayCalendar current = QuarkusTransaction.requiringNew().call(() -> calendar.calendar());
        if (current == verified) {
            return;
        }
        String bits = bits(current);
        String stamp = stamp(bits);
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("select pg_advisory_xact_lock(:key)").setParameter("key", REBUILD_LOCK)
                    .getSingleResult();
            @SuppressWarnings("unchecked")
            var stored = (java.util.List<String>) entityManager.createNativeQuery(
                    "select stamp from working_day_ordinal_stamp where id = 1").getResultList();
            if (!stored.isEmpty() && stored.get(0).equals(stamp)) {
                return;
            }
            entityManager.createNativeQuery("delete from working_day_ordinal").executeUpdate();
            // one insert: the n-th character of the bitmap is 1 when FIRST + n - 1 is a working day
            entityManager.createNativeQuery("insert into working_day_ordinal (day, ordinal) select "
                    + "cast(:first as date) + (i - 1), cast(sum(cast(substr(:bits, i, 1) as integer)) over (order by i) "
                    + "as integer) from generate_series(1, length(:bits)) as i").setParameter("first", FIRST)
                    .setParameter("bits", bits).executeUpdate();
            entityManager.createNativeQuery("insert into working_day_ordinal_stamp (id, stamp, updated_at) values "
                    + "(1, :stamp, :at) on conflict (id) do update set stamp = excluded.stamp, "
                    + "updated_at = excluded.updated_at").setParameter("stamp", stamp)
                    .setParameter("at", clock.now().truncatedTo(ChronoUnit.MICROS)).executeUpdate();
        });
        verified = current;
    }

    /** One character per day from FIRST to LAST: 1 for a working day, 0 otherwise. */
    static String bits(WorkingDayCalendar calendar) {
        StringBuilder bits = new StringBuilder((int) ChronoUnit.DAYS.between(FIRST, LAST) + 1);
        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
            bits.append(calendar.isWorkingDay(day) ? '1' : '0');
        }
        return bits.toString();
    }

    private static String stamp(String bits) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(bits.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
