package org.errandless.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.problem.ProblemException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The calendar against the database: the startup load, replacing a year, concurrent loads. Uses far-future years
 * of its own (2197..2199), removed before and after each test, so it never disturbs other tests.
 */
@QuarkusTest
class CalendarServiceTest {

    private static final int REPLACED = 2199;
    private static final int RACED = 2198;
    private static final int RELOADED = 2197;

    @Inject
    CalendarService calendar;

    @Inject
    CalendarSeeder seeder;

    private static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    @BeforeEach
    @AfterEach
    void removeOwnYears() {
        QuarkusTransaction.requiringNew().run(() -> {
            CalendarYear.delete("year in ?1", List.of(REPLACED, RACED, RELOADED));
            // the calendar lives in memory on every instance: a change by hand says so in its transaction
            calendar.changed();
        });
    }

    @Test
    void bundled2026IsLoadedAtStartupAndNotLoadedTwice() {
        CalendarYearView year = calendar.year(2026);
        assertTrue(year.covered());
        assertEquals(7, year.holidays().size());
        assertEquals(6, year.makeUpWorkdays().size());
        assertEquals(0, seeder.loadBundledYears());
        assertEquals(year, calendar.year(2026));
        assertEquals(new DueDate(d("2026-10-13"), true), calendar.dueDate(d("2026-09-30"), 5,
                CountingUnit.WORKING_DAYS));
    }

    @Test
    void replaceYearCoversItAndReplacesEveryDay() {
        assertFalse(calendar.year(REPLACED).covered());
        assertFalse(calendar.dueDate(d("2199-09-30"), 1, CountingUnit.WORKING_DAYS).covered());

        CalendarYearView first = calendar.replaceYear(REPLACED,
                List.of(new Holiday("National Day", d("2199-10-01"), d("2199-10-07")),
                        new Holiday("New Year", d("2199-01-01"), d("2199-01-01"))),
                List.of(d("2199-10-12"), d("2199-09-28")));
        assertTrue(first.covered());
        assertEquals(List.of(new Holiday("New Year", d("2199-01-01"), d("2199-01-01")),
                new Holiday("National Day", d("2199-10-01"), d("2199-10-07"))), first.holidays());
        assertEquals(List.of(d("2199-09-28"), d("2199-10-12")), first.makeUpWorkdays());
        assertEquals(first, calendar.year(REPLACED));
        // 2199-09-30 is a Monday; 1-7 October off; Saturday 12 October worked
        assertEquals(new DueDate(d("2199-10-08"), true), calendar.dueDate(d("2199-09-30"), 1,
                CountingUnit.WORKING_DAYS));
        assertEquals(new DueDate(d("2199-10-12"), true), calendar.dueDate(d("2199-09-30"), 5,
                CountingUnit.WORKING_DAYS));

        CalendarYearView second = calendar.replaceYear(REPLACED,
                List.of(new Holiday("Spring Festival", d("2199-02-01"), d("2199-02-03"))), List.of());
        assertEquals(List.of(new Holiday("Spring Festival", d("2199-02-01"), d("2199-02-03"))), second.holidays());
        assertEquals(List.of(), second.makeUpWorkdays());
        assertEquals(second, calendar.year(REPLACED));
        assertEquals(new DueDate(d("2199-10-01"), true), calendar.dueDate(d("2199-09-30"), 1,
                CountingUnit.WORKING_DAYS));
    }

    @Test
    void replaceYearRefusesBadInputAndChangesNothing() {
        ProblemException problem = assertThrows(ProblemException.class, () -> calendar.replaceYear(REPLACED,
                List.of(new Holiday("Elsewhere", d("2026-10-01"), d("2026-10-02"))), List.of(d("2199-10-01"))));
        assertEquals(400, problem.status());
        assertEquals("validation-failed", problem.code());
        assertEquals(List.of("holidays[0].from", "holidays[0].to", "makeUpWorkdays[0]"),
                problem.invalidParams().stream().map(p -> p.name()).toList());
        assertFalse(calendar.year(REPLACED).covered());
        assertEquals(400, assertThrows(ProblemException.class, () -> calendar.year(1800)).status());
    }

    @Test
    void concurrentLoadsOfOneYearLoadItOnce() throws Exception {
        HolidayArrangement arrangement = new HolidayArrangement("test", RACED,
                List.of(new Holiday("National Day", d("2198-10-01"), d("2198-10-07"))), List.of(d("2198-10-13")));
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return calendar.loadYearIfAbsent(arrangement);
                }));
            }
            int loaded = 0;
            for (Future<Boolean> result : results) {
                loaded += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, loaded);
        } finally {
            pool.shutdownNow();
        }
        CalendarYearView year = calendar.year(RACED);
        assertTrue(year.covered());
        assertEquals(arrangement.holidays(), year.holidays());
        assertEquals(arrangement.makeUpWorkdays(), year.makeUpWorkdays());
    }

    @Test
    void loadingNeverOverwritesAYearAlreadyThere() {
        calendar.replaceYear(RELOADED, List.of(new Holiday("Admin's holiday", d("2197-05-05"), d("2197-05-05"))),
                List.of());
        assertFalse(calendar.loadYearIfAbsent(new HolidayArrangement("file", RELOADED, List.of(), List.of())));
        assertEquals(List.of(new Holiday("Admin's holiday", d("2197-05-05"), d("2197-05-05"))),
                calendar.year(RELOADED).holidays());
    }
}
