package org.errandless.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.common.problem.ProblemException;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.common.web.RequestIds;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Access records against real PostgreSQL; each test uses persons of its own. */
@QuarkusTest
class AccessLogTest {

    @Inject
    AccessLog log;

    @Test
    void recordsListNewestFirstPerPersonAndNeverMixPersons() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        List<UUID> aliceRecords = new ArrayList<>();
        MDC.put(RequestIds.MDC_KEY, "req-access-1");
        try {
            for (int i = 0; i < 5; i++) {
                aliceRecords.add(log.record(AccessEntry.byStaff(alice, "staff-" + i, "解放碑派出所 户籍民警",
                        "application", "审核出生登记申请")).id());
                log.record(AccessEntry.byPartner(bob, "health-commission", "重庆市卫生健康委员会", "residency-check",
                        "核实户籍").legalBasis("《重庆市政务数据资源管理暂行办法》"));
            }
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
        log.record(AccessEntry.bySystem(bob, "系统 (共享材料获取)", "document", "获取出生医学证明"));

        List<AccessRecord> listed = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            Page<AccessRecord> page = log.listForPerson(alice, cursor, 2);
            pageSizes.add(page.items().size());
            listed.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertEquals(List.of(2, 2, 1), pageSizes);
        Collections.reverse(aliceRecords);
        assertEquals(aliceRecords, listed.stream().map(AccessRecord::id).toList());
        assertTrue(listed.stream().allMatch(record -> record.personId().equals(alice)));
        AccessRecord newest = listed.get(0);
        assertEquals(AccessorType.STAFF, newest.accessorType());
        assertEquals("staff-4", newest.accessorId());
        assertEquals("解放碑派出所 户籍民警", newest.accessorLabel());
        assertEquals("application", newest.what());
        assertEquals("审核出生登记申请", newest.purpose());
        assertNull(newest.legalBasis());
        assertEquals("req-access-1", newest.requestId());

        List<AccessRecord> bobs = log.listForPerson(bob, null, 100).items();
        assertEquals(6, bobs.size());
        assertTrue(bobs.stream().allMatch(record -> record.personId().equals(bob)));
        assertEquals(AccessorType.SYSTEM, bobs.get(0).accessorType());
        assertNull(bobs.get(0).accessorId());
        assertEquals("《重庆市政务数据资源管理暂行办法》", bobs.get(1).legalBasis());
    }

    @Test
    void aPersonNobodyReadHasAnEmptyLastPage() {
        Page<AccessRecord> page = log.listForPerson(UUID.randomUUID(), null, null);
        assertEquals(List.of(), page.items());
        assertNull(page.nextCursor());
    }

    @Test
    void recordRollsBackWithTheReadItRecords() {
        UUID person = UUID.randomUUID();
        QuarkusTransaction.begin();
        try {
            log.record(AccessEntry.byStaff(person, "staff-1", "解放碑派出所 户籍民警", "application", "审核"));
        } finally {
            QuarkusTransaction.rollback();
        }
        assertEquals(List.of(), log.listForPerson(person, null, 10).items());
    }

    @Test
    void foreignCursorsAndLimitsAreValidationErrors() {
        UUID person = UUID.randomUUID();
        for (String cursor : List.of("%%%", Cursors.encode("1"), Cursors.encode("x", "1"),
                Cursors.encode("99999999999999999999", "1"))) {
            ProblemException problem = assertThrows(ProblemException.class,
                    () -> log.listForPerson(person, cursor, 10));
            assertEquals(400, problem.status());
            assertEquals("validation-failed", problem.code());
        }
        assertEquals(400, assertThrows(ProblemException.class, () -> log.listForPerson(person, null, 0)).status());
    }
}
