package org.errandless.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.time.TestBusinessClock;
import org.errandless.support.Databases;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Folding repeated reads into one access record: one record per person and read, a count and a last time; settled
 * by the database when readers on several instances fold at once; and still append-only for everything but the fold
 * counter, whatever the database roles.
 */
@QuarkusTest
class AccessFoldTest {

    @Inject
    AccessLog log;

    private static AccessEntry read(UUID person, String staff) {
        return AccessEntry.byStaff(person, staff, "解放碑派出所 户籍民警", "application", "审核出生登记申请");
    }

    @Test
    void oneReadOfSeveralPeopleIsARecordEachAndRepeatsFoldPerPersonAndReader() {
        UUID applicant = UUID.randomUUID();
        UUID spouse = UUID.randomUUID();
        String readOf = "application:" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            log.recordRead(List.of(read(applicant, "staff-a"), read(spouse, "staff-a")), readOf);
        }
        log.recordRead(List.of(read(applicant, "staff-b")), readOf);
        log.recordRead(List.of(read(applicant, "staff-a")), "application:" + UUID.randomUUID());

        List<AccessRecord> applicantRecords = log.listForPerson(applicant, null, 100).items();
        assertEquals(3, applicantRecords.size());
        assertEquals(List.of(1, 1, 3), applicantRecords.stream().map(AccessRecord::readCount).toList());
        List<AccessRecord> spouseRecords = log.listForPerson(spouse, null, 100).items();
        assertEquals(1, spouseRecords.size());
        assertEquals(3, spouseRecords.get(0).readCount());
        assertEquals(spouseRecords.get(0).occurredAt(), spouseRecords.get(0).lastAt());

        TestBusinessClock.advanceDays(1);
        try {
            log.recordRead(List.of(read(spouse, "staff-a")), readOf);
        } finally {
            TestBusinessClock.reset();
        }
        assertEquals(List.of(1, 3), log.listForPerson(spouse, null, 100).items().stream()
                .map(AccessRecord::readCount).toList());
    }

    @Test
    void entriesOfOneReadDifferOnlyInThePerson() {
        UUID person = UUID.randomUUID();
        assertThrows(IllegalArgumentException.class, () -> log.recordRead(
                List.of(read(person, "staff-a"), read(UUID.randomUUID(), "staff-b")), "application:x"));
        assertThrows(IllegalArgumentException.class, () -> log.recordRead(List.of(read(person, "staff-a")),
                "application:110101199003074578"));
    }

    /** Readers on several instances reading the same application at once, several rounds: one record. */
    @Test
    void concurrentReadsFoldIntoOneRecord() throws Exception {
        int readers = 8;
        ExecutorService threads = Executors.newFixedThreadPool(readers);
        try {
            for (int round = 0; round < 4; round++) {
                UUID person = UUID.randomUUID();
                String readOf = "application:" + UUID.randomUUID();
                CyclicBarrier start = new CyclicBarrier(readers);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < readers; i++) {
                    done.add(threads.submit(() -> {
                        start.await(20, TimeUnit.SECONDS);
                        QuarkusTransaction.requiringNew().run(() -> log.recordRead(
                                List.of(read(person, "staff-a")), readOf));
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(60, TimeUnit.SECONDS);
                }
                List<AccessRecord> records = log.listForPerson(person, null, 100).items();
                assertEquals(1, records.size(), "round " + round);
                assertEquals(readers, records.get(0).readCount(), "round " + round);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void onlyTheFoldCounterCanBeUpdated() throws SQLException {
        UUID person = UUID.randomUUID();
        log.recordRead(List.of(read(person, "staff-a")), "application:" + UUID.randomUUID());
        String mine = " where person_id = '" + person + "'";
        try (Connection application = Databases.application(); Statement sql = application.createStatement()) {
            assertEquals(1, sql.executeUpdate("update access_record set read_count = read_count + 1, last_at = "
                    + "occurred_at + interval '1 minute'" + mine));
            for (String change : List.of(
                    "update access_record set purpose = 'rewritten'" + mine,
                    "update access_record set occurred_at = occurred_at - interval '1 day'" + mine,
                    "update access_record set person_id = gen_random_uuid()" + mine,
                    "update access_record set read_count = 1" + mine,
                    "update access_record set last_at = occurred_at - interval '1 minute'" + mine)) {
                SQLException refused = assertThrows(SQLException.class, () -> sql.executeUpdate(change), change);
                assertEquals("42501", refused.getSQLState(), change); // insufficient_privilege
            }
        }
        AccessRecord record = log.listForPerson(person, null, 1).items().get(0);
        assertEquals(2, record.readCount());
        assertEquals("审核出生登记申请", record.purpose());
    }
}
