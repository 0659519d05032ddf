package org.errandless.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the deadline arithmetic over thousands of seeded random cases: random start dates, amounts, units,
 * suspensions and "today"s, on the real 2026 arrangement, on no arrangement at all, and on random synthetic
 * arrangements that cover random years.
 */
class DueDatesPropertiesTest {

    private static final int CASES = 2000;

    /**
     * One random case.
     *
     * @param index its number, to find it again
     * @param calendarKind which calendar it uses (for the test name)
     * @param calendar the calendar
     * @param from the start date
     * @param amount the time limit
     * @param unit how days count
     * @param suspendedOn a suspension start
     * @param resumedOn its resume date (not before suspendedOn)
     * @param today a "today" near the due date
     * @param extra a second amount, for additivity
     */
    record Case(int index, String calendarKind, CalendarSnapshot calendar, LocalDate from, int amount,
            CountingUnit unit, LocalDate suspendedOn, LocalDate resumedOn, LocalDate today, int extra) {

        DueDates dueDates() {
            return new DueDates(calendar);
        }

        @Override
        public String toString() {
            return "#" + index + " " + calendarKind + " from " + from + " +" + amount + " " + unit + ", suspended "
                    + suspendedOn + ".." + resumedOn + ", today " + today;
        }
    }

    static Stream<Case> cases() {
        Random random = new Random(20261128);
        CalendarSnapshot real = ReferenceCalendars.only2026();
        List<Case> cases = new ArrayList<>(CASES);
        for (int i = 0; i < CASES; i++) {
            String kind;
            CalendarSnapshot calendar;
            int pick = random.nextInt(10);
            if (pick < 4) {
                kind = "2026";
                calendar = real;
            } else if (pick < 5) {
                kind = "none";
                calendar = CalendarSnapshot.empty();
            } else {
                kind = "synthetic";
                calendar = synthetic(random);
            }
            LocalDate from = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(365 * 5));
            int amount = switch (random.nextInt(20)) {
                case 0 -> 0;
                case 1 -> 100 + random.nextInt(3551);
                case 2, 3, 4 -> 20 + random.nextInt(380);
                default -> random.nextInt(25);
            };
            CountingUnit unit = random.nextInt(4) == 0 ? CountingUnit.CALENDAR_DAYS : CountingUnit.WORKING_DAYS;
            LocalDate suspendedOn = from.plusDays(random.nextInt(60));
            LocalDate resumedOn = suspendedOn.plusDays(random.nextInt(5) == 0 ? 0 : random.nextInt(90));
            LocalDate today = from.plusDays(random.nextInt(Math.max(1, amount * 2 + 30)));
            int extra = random.nextInt(40);
            cases.add(new Case(i, kind, calendar, from, amount, unit, suspendedOn, resumedOn, today, extra));
        }
        return cases.stream();
    }

    /** Random covered years among 2025..2031, each with random holiday periods and make-up weekend days. */
    private static CalendarSnapshot synthetic(Random random) {
        CalendarSnapshot.Builder builder = CalendarSnapshot.builder();
        for (int year = 2025; year <= 2031; year++) {
            if (random.nextInt(10) < 4) {
                continue;
            }
            builder.cover(year);
            LocalDate first = LocalDate.of(year, 1, 1);
            int days = first.lengthOfYear();
            List<LocalDate> holidays = new ArrayList<>();
            for (int period = 0, periods = random.nextInt(9); period < periods; period++) {
                LocalDate start = first.plusDays(random.nextInt(days));
                for (int length = 1 + random.nextInt(9), k = 0; k < length && start.plusDays(k).getYear() == year;
                        k++) {
                    holidays.add(start.plusDays(k));
                    builder.holiday(start.plusDays(k), "Holiday " + period);
                }
            }
            for (int k = 0, makeUps = random.nextInt(8); k < makeUps; k++) {
                LocalDate date = first.plusDays(random.nextInt(days));
                if (isWeekend(date) && !holidays.contains(date)) {
                    builder.makeUpWorkday(date);
                }
            }
        }
        return builder.build();
    }

    private static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** Counting days in (from, to], independently of the code under test. */
    private static int countAfter(Case c, LocalDate from, LocalDate to) {
        int days = 0;
        for (LocalDate date = from.plusDays(1); !date.isAfter(to); date = date.plusDays(1)) {
            if (c.unit() == CountingUnit.CALENDAR_DAYS || c.calendar().isWorkingDay(date)) {
                days++;
            }
        }
        return days;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void dueDateIsTheAmountthCountingDayAfterTheStart(Case c) {
        DueDate due = c.dueDates().dueDate(c.from(), c.amount(), c.unit());
        if (c.amount() == 0) {
            assertEquals(c.from(), due.date());
        } else {
            assertTrue(due.date().isAfter(c.from()));
            // the due date is itself a counting day, so it is the amount-th one and not a later rest day
            assertTrue(c.dueDates().isCountingDay(due.date(), c.unit()), "due date is a counting day");
        }
        assertEquals(c.amount(), countAfter(c, c.from(), due.date()));
        assertEquals(c.amount(), c.dueDates().countDays(c.from().plusDays(1), due.date().plusDays(1), c.unit())
                .days());
        if (c.unit() == CountingUnit.WORKING_DAYS && c.amount() > 0) {
            assertTrue(c.calendar().isWorkingDay(due.date()), "due date is a working day");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void coveredExactlyWhenEveryTouchedYearIsCovered(Case c) {
        DueDate due = c.dueDates().dueDate(c.from(), c.amount(), c.unit());
        if (c.unit() == CountingUnit.CALENDAR_DAYS) {
            assertTrue(due.covered());
            return;
        }
        LocalDate first = c.amount() == 0 ? c.from() : c.from().plusDays(1);
        boolean expected = true;
        for (LocalDate date = first; !date.isAfter(due.date()); date = date.plusDays(1)) {
            expected &= c.calendar().covers(date.getYear());
        }
        assertEquals(expected, due.covered());
        if (c.calendarKind().equals("none")) {
            assertFalse(due.covered());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void calendarDayArithmeticIsPlusDays(Case c) {
        DueDates dueDates = c.dueDates();
        assertEquals(new DueDate(c.from().plusDays(c.amount()), true),
                dueDates.dueDate(c.from(), c.amount(), CountingUnit.CALENDAR_DAYS));
        assertEquals(c.amount(), dueDates.countDays(c.from(), c.from().plusDays(c.amount()),
                CountingUnit.CALENDAR_DAYS).days());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void monotonicAndAdditiveInAmount(Case c) {
        DueDates dueDates = c.dueDates();
        LocalDate due = dueDates.dueDate(c.from(), c.amount(), c.unit()).date();
        LocalDate next = dueDates.dueDate(c.from(), c.amount() + 1, c.unit()).date();
        assertTrue(next.isAfter(due), "one more day ends strictly later");
        assertEquals(dueDates.dueDate(c.from(), c.amount() + c.extra(), c.unit()).date(),
                dueDates.dueDate(due, c.extra(), c.unit()).date());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void countDaysIsAdditiveOverAdjacentRanges(Case c) {
        DueDates dueDates = c.dueDates();
        LocalDate a = c.from();
        LocalDate b = c.suspendedOn();
        LocalDate end = c.resumedOn().plusDays(c.extra());
        DayCount whole = dueDates.countDays(a, end, c.unit());
        DayCount left = dueDates.countDays(a, b, c.unit());
        DayCount right = dueDates.countDays(b, end, c.unit());
        assertEquals(whole.days(), left.days() + right.days());
        assertEquals(whole.covered(), left.covered() && right.covered());
        assertTrue(whole.days() <= java.time.temporal.ChronoUnit.DAYS.between(a, end));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void suspensionShiftEqualsTheSuspendedCountingDays(Case c) {
        DueDates dueDates = c.dueDates();
        DueDate due = dueDates.dueDate(c.from(), c.amount(), c.unit());
        DayCount suspended = dueDates.countDays(c.suspendedOn(), c.resumedOn(), c.unit());
        assertEquals(countAfter(c, c.suspendedOn().minusDays(1), c.resumedOn().minusDays(1)), suspended.days());
        DueDate moved = dueDates.afterSuspension(due, c.suspendedOn(), c.resumedOn(), c.unit());
        assertEquals(suspended.days(), countAfter(c, due.date(), moved.date()));
        assertFalse(moved.date().isBefore(due.date()));
        if (suspended.days() == 0) {
            assertEquals(due.date(), moved.date());
        }
        if (moved.covered()) {
            assertTrue(due.covered() && suspended.covered());
        }
        if (c.unit() == CountingUnit.CALENDAR_DAYS) {
            assertEquals(due.date().plusDays(suspended.days()), moved.date());
            assertTrue(moved.covered());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void overdueAndRemainingWorkingDays(Case c) {
        DueDates dueDates = c.dueDates();
        LocalDate due = dueDates.dueDate(c.from(), c.amount(), c.unit()).date();
        boolean overdue = DueDates.isOverdue(due, c.today());
        assertEquals(c.today().isAfter(due), overdue);
        int remaining = dueDates.remainingWorkingDays(c.today(), due);
        if (overdue) {
            assertTrue(remaining <= 0);
            assertEquals(-countWorking(c, due, c.today()), remaining);
        } else {
            assertTrue(remaining >= 0);
            assertEquals(countWorking(c, c.today(), due), remaining);
        }
        assertEquals(0, dueDates.remainingWorkingDays(due, due));
        assertFalse(DueDates.isOverdue(due, due));
        assertTrue(DueDates.isOverdue(due, due.plusDays(1)));
        if (c.unit() == CountingUnit.WORKING_DAYS) {
            assertEquals(c.amount(), dueDates.remainingWorkingDays(c.from(), due));
        }
    }

    /** Working days in (from, to], independently of the code under test. */
    private static int countWorking(Case c, LocalDate from, LocalDate to) {
        int days = 0;
        for (LocalDate date = from.plusDays(1); !date.isAfter(to); date = date.plusDays(1)) {
            if (c.calendar().isWorkingDay(date)) {
                days++;
            }
        }
        return days;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void workingDaysFollowTheWeekOutsideCoveredYears(Case c) {
        // a "today" in any year: outside covered years only the week decides
        LocalDate date = c.today();
        boolean weekday = !isWeekend(date);
        if (!c.calendar().covers(date.getYear())) {
            assertEquals(weekday, c.calendar().isWorkingDay(date));
            assertFalse(c.calendar().isHoliday(date));
            assertFalse(c.calendar().isMakeUpWorkday(date));
        } else if (c.calendar().isMakeUpWorkday(date)) {
            assertTrue(c.calendar().isWorkingDay(date));
            assertFalse(weekday);
        } else if (c.calendar().isHoliday(date)) {
            assertFalse(c.calendar().isWorkingDay(date));
        } else {
            assertEquals(weekday, c.calendar().isWorkingDay(date));
        }
    }
}
