package org.errandless.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The deadline rules of DOMAIN.md on the real 2026 arrangement (plain JUnit, no Quarkus). */
class DueDatesTest {

    private static final CountingUnit WD = CountingUnit.WORKING_DAYS;
    private static final CountingUnit CD = CountingUnit.CALENDAR_DAYS;

    private final DueDates dueDates = new DueDates(ReferenceCalendars.only2026());

    private static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    @Test
    void bundledFileIsTheStateCouncilArrangement() {
        HolidayArrangement arrangement = ReferenceCalendars.arrangement(2026);
        assertEquals(2026, arrangement.year());
        assertEquals(7, arrangement.holidays().size());
        assertEquals(List.of(d("2026-01-04"), d("2026-02-14"), d("2026-02-28"), d("2026-05-09"), d("2026-09-20"),
                d("2026-10-10")), arrangement.makeUpWorkdays());
        assertEquals(List.of(), HolidayArrangement.problems(2026, arrangement.source(), arrangement.holidays(),
                arrangement.makeUpWorkdays()));
    }

    @ParameterizedTest(name = "{1} working days from {0} is {2}")
    @CsvSource({
            // National Day: 1-7 October off, Saturday 10 October worked
            "2026-09-30, 5, 2026-10-13",
            "2026-09-30, 1, 2026-10-08",
            "2026-09-30, 3, 2026-10-10",
            "2026-09-30, 4, 2026-10-12",
            "2026-10-01, 1, 2026-10-08",
            // Mid-Autumn 25-27 September, Sunday 20 September worked
            "2026-09-18, 1, 2026-09-20",
            "2026-09-24, 1, 2026-09-28",
            // Spring Festival 15-23 February, Saturdays 14 and 28 February worked
            "2026-02-12, 1, 2026-02-13",
            "2026-02-12, 2, 2026-02-14",
            "2026-02-12, 3, 2026-02-24",
            "2026-02-13, 1, 2026-02-14",
            "2026-02-14, 1, 2026-02-24",
            "2026-02-13, 5, 2026-02-27",
            "2026-02-13, 6, 2026-02-28",
            "2026-02-13, 7, 2026-03-02",
            // Labour Day 1-5 May, Saturday 9 May worked
            "2026-04-30, 1, 2026-05-06",
            "2026-04-30, 3, 2026-05-08",
            "2026-04-30, 4, 2026-05-09",
            "2026-04-30, 5, 2026-05-11",
            // New Year 1-3 January, Sunday 4 January worked
            "2025-12-31, 1, 2026-01-04",
            // 20 working days of a MOVE_IN accepted on the fixed test date
            "2026-09-30, 20, 2026-11-03",
            // the start day does not count, even when it is a working day
            "2026-11-02, 1, 2026-11-03",
            // a Friday start runs over the weekend
            "2026-11-06, 1, 2026-11-09" })
    void knownWorkingDayDeadlines2026(String from, int amount, String expected) {
        DueDate due = dueDates.dueDate(d(from), amount, WD);
        assertEquals(d(expected), due.date());
        assertTrue(due.covered());
    }

    @Test
    void startingIn2025TouchesOnly2026AndIsCovered() {
        // 2025-12-31 itself does not count, so only 2026 is consulted
        assertTrue(dueDates.dueDate(d("2025-12-31"), 1, WD).covered());
        assertFalse(dueDates.dueDate(d("2025-12-30"), 1, WD).covered());
    }

    @Test
    void amountZeroIsTheStartDateItself() {
        assertEquals(new DueDate(d("2026-10-01"), true), dueDates.dueDate(d("2026-10-01"), 0, WD));
        assertEquals(new DueDate(d("2026-10-03"), true), dueDates.dueDate(d("2026-10-03"), 0, CD));
        assertEquals(new DueDate(d("2027-05-01"), false), dueDates.dueDate(d("2027-05-01"), 0, WD));
    }

    @Test
    void uncoveredYearAssumesWeekdaysAndIsProvisional() {
        DueDate due = dueDates.dueDate(d("2027-03-01"), 5, WD);
        assertEquals(d("2027-03-08"), due.date());
        assertFalse(due.covered());
        assertTrue(due.provisional());
        // 1 October 2027 is a weekday as far as we know: it counts
        assertEquals(d("2027-10-01"), dueDates.dueDate(d("2027-09-30"), 1, WD).date());
        // running from a covered into an uncovered year: 1 January 2027 (a Friday) counts as a working day
        DueDate across = dueDates.dueDate(d("2026-12-28"), 5, WD);
        assertEquals(d("2027-01-04"), across.date());
        assertFalse(across.covered());
        DueDate within = dueDates.dueDate(d("2026-12-28"), 3, WD);
        assertEquals(d("2026-12-31"), within.date());
        assertTrue(within.covered());
    }

    @Test
    void calendarDaysNeedNoCalendarAndAreNeverProvisional() {
        assertEquals(new DueDate(d("2026-11-29"), true), dueDates.dueDate(d("2026-09-30"), 60, CD));
        assertEquals(new DueDate(d("2027-03-31"), true), dueDates.dueDate(d("2027-01-30"), 60, CD));
        assertEquals(new DayCount(7, true), dueDates.countDays(d("2027-10-01"), d("2027-10-08"), CD));
    }

    @Test
    void countDaysCountsFromInclusiveToExclusive() {
        assertEquals(new DayCount(0, true), dueDates.countDays(d("2026-10-01"), d("2026-10-08"), WD));
        assertEquals(new DayCount(3, true), dueDates.countDays(d("2026-10-08"), d("2026-10-11"), WD));
        assertEquals(new DayCount(0, true), dueDates.countDays(d("2027-01-01"), d("2027-01-01"), WD));
        assertEquals(new DayCount(5, false), dueDates.countDays(d("2027-03-01"), d("2027-03-08"), WD));
        assertThrows(IllegalArgumentException.class,
                () -> dueDates.countDays(d("2026-10-02"), d("2026-10-01"), WD));
        assertThrows(IllegalArgumentException.class, () -> dueDates.dueDate(d("2026-10-02"), -1, WD));
    }

    @Test
    void suspensionMovesTheDueDateByTheSuspendedCountingDays() {
        DueDate due = dueDates.dueDate(d("2026-09-30"), 5, WD);
        // suspended Friday 9 October, resumed Monday 12 October: Friday and the make-up Saturday were suspended
        assertEquals(new DayCount(2, true), dueDates.countDays(d("2026-10-09"), d("2026-10-12"), WD));
        assertEquals(new DueDate(d("2026-10-15"), true),
                dueDates.afterSuspension(due, d("2026-10-09"), d("2026-10-12"), WD));
        // resumed the same day: nothing moves
        assertEquals(due, dueDates.afterSuspension(due, d("2026-10-09"), d("2026-10-09"), WD));
        // suspended over the holiday only: nothing moves
        assertEquals(due, dueDates.afterSuspension(due, d("2026-10-01"), d("2026-10-08"), WD));
        // calendar days: every suspended day counts
        DueDate card = dueDates.dueDate(d("2026-09-30"), 60, CD);
        assertEquals(new DueDate(d("2026-12-09"), true),
                dueDates.afterSuspension(card, d("2026-10-01"), d("2026-10-11"), CD));
        // a suspension that pushes the due date into an uncovered year makes it provisional
        DueDate late = dueDates.dueDate(d("2026-12-01"), 20, WD);
        assertEquals(d("2026-12-29"), late.date());
        DueDate moved = dueDates.afterSuspension(late, d("2026-12-10"), d("2026-12-14"), WD);
        assertEquals(d("2026-12-31"), moved.date());
        assertTrue(moved.covered());
        DueDate further = dueDates.afterSuspension(late, d("2026-12-07"), d("2026-12-14"), WD);
        assertEquals(d("2027-01-05"), further.date());
        assertFalse(further.covered());
    }

    @Test
    void overdueFromTheDayAfterTheDueDate() {
        assertFalse(DueDates.isOverdue(d("2026-10-13"), d("2026-10-12")));
        assertFalse(DueDates.isOverdue(d("2026-10-13"), d("2026-10-13")));
        assertTrue(DueDates.isOverdue(d("2026-10-13"), d("2026-10-14")));
    }

    @Test
    void remainingWorkingDays() {
        assertEquals(5, dueDates.remainingWorkingDays(d("2026-09-30"), d("2026-10-13")));
        assertEquals(5, dueDates.remainingWorkingDays(d("2026-10-03"), d("2026-10-13")));
        assertEquals(1, dueDates.remainingWorkingDays(d("2026-10-12"), d("2026-10-13")));
        assertEquals(0, dueDates.remainingWorkingDays(d("2026-10-13"), d("2026-10-13")));
        assertEquals(-1, dueDates.remainingWorkingDays(d("2026-10-14"), d("2026-10-13")));
        // overdue over a weekend: no working day lost yet, but overdue all the same
        assertEquals(0, dueDates.remainingWorkingDays(d("2026-10-17"), d("2026-10-16")));
        assertTrue(DueDates.isOverdue(d("2026-10-16"), d("2026-10-17")));
        // the make-up Saturday counts
        assertEquals(-1, dueDates.remainingWorkingDays(d("2026-10-11"), d("2026-10-09")));
    }

    @Test
    void businessDatesAreInShanghai() {
        assertEquals(d("2026-09-30"), DueDates.businessDate(Instant.parse("2026-09-30T15:59:59Z")));
        assertEquals(d("2026-10-01"), DueDates.businessDate(Instant.parse("2026-09-30T16:00:00Z")));
    }

    @Test
    void emptyCalendarIsPlainWeeksAndAlwaysProvisional() {
        DueDates weeks = new DueDates(CalendarSnapshot.empty());
        assertEquals(new DueDate(d("2026-10-06"), false), weeks.dueDate(d("2026-09-30"), 4, WD));
    }

    @Test
    void snapshotRefusesDaysOfUncoveredYears() {
        assertThrows(IllegalStateException.class,
                () -> CalendarSnapshot.builder().cover(2026).holiday(d("2027-01-01"), "New Year").build());
        assertThrows(IllegalStateException.class,
                () -> CalendarSnapshot.builder().makeUpWorkday(d("2027-01-02")).build());
    }
}
