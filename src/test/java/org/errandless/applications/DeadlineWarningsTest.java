package org.errandless.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.errandless.catalog.WorkingDayCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The warning rule (电子监察) over a calendar with a weekend, the National Day holiday (2026-10-01..07) and a make-up
 * working day (Saturday 2026-10-10): RED from the day after the deadline, YELLOW while at most one working day is
 * left, suspended and supplement-waiting applications never.
 */
class DeadlineWarningsTest {

    /** 2026's National Day arrangement, stated here so the test does not depend on the reference data. */
    static final WorkingDayCalendar CALENDAR = new WorkingDayCalendar() {
        private final Set<LocalDate> holidays = IntStream.rangeClosed(1, 7)
                .mapToObj(day -> LocalDate.of(2026, 10, day)).collect(java.util.stream.Collectors.toSet());
        private final Set<LocalDate> makeUp = Set.of(LocalDate.of(2026, 9, 20), LocalDate.of(2026, 10, 10));

        @Override
        public boolean covers(int year) {
            return year == 2026;
        }

        @Override
        public boolean isHoliday(LocalDate date) {
            return holidays.contains(date);
        }

        @Override
        public boolean isMakeUpWorkday(LocalDate date) {
            return makeUp.contains(date);
        }
    };

    @ParameterizedTest(name = "on {0} a deadline of {1} is {2}")
    @CsvSource({
            // a weekend: on Friday a Monday deadline has one working day left, a Tuesday one two
            "2026-11-27, 2026-11-27, YELLOW", "2026-11-27, 2026-11-30, YELLOW", "2026-11-27, 2026-12-01, NONE",
            "2026-11-26, 2026-11-30, NONE", "2026-11-28, 2026-11-30, YELLOW", "2026-11-30, 2026-11-27, RED",
            // the weekend day after a Friday deadline is already overdue
            "2026-11-28, 2026-11-27, RED",
            // the holiday: on 30 September, 8 October is the next working day, 9 October the second
            "2026-09-30, 2026-10-08, YELLOW", "2026-09-30, 2026-10-09, NONE", "2026-10-03, 2026-10-08, YELLOW",
            "2026-10-01, 2026-09-30, RED",
            // the make-up working day: on Friday 9 October, Saturday 10 is worked, so Monday 12 is two days away
            "2026-10-09, 2026-10-10, YELLOW", "2026-10-09, 2026-10-12, NONE", "2026-10-10, 2026-10-12, YELLOW",
            "2026-10-11, 2026-10-10, RED" })
    void levelsFollowTheWorkingDayCalendar(LocalDate today, LocalDate deadline, WarningLevel expected) {
        assertEquals(expected, DeadlineWarnings.level(ApplicationStatus.ACCEPTED, deadline, today, CALENDAR));
        assertEquals(expected, DeadlineWarnings.level(ApplicationStatus.SUBMITTED, deadline, today, CALENDAR));
    }

    @Test
    void stoppedClocksAreNeverFlagged() {
        LocalDate overdue = LocalDate.of(2026, 9, 1);
        LocalDate today = LocalDate.of(2026, 11, 27);
        for (ApplicationStatus status : new ApplicationStatus[] { ApplicationStatus.SUSPENDED,
                ApplicationStatus.SUPPLEMENT_REQUIRED, ApplicationStatus.DRAFT, ApplicationStatus.COMPLETED,
                ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN }) {
            assertEquals(WarningLevel.NONE, DeadlineWarnings.level(status, overdue, today, CALENDAR), status.name());
        }
        assertEquals(WarningLevel.NONE, DeadlineWarnings.level(null, today, CALENDAR));
    }

    /** Seeded cases: the level agrees with a plain count of the working days after today up to the deadline. */
    static Stream<long[]> seededCases() {
        Random random = new Random(20261204L);
        LocalDate base = LocalDate.of(2026, 9, 1);
        return IntStream.range(0, 400).mapToObj(i -> new long[] { random.nextInt(90), random.nextInt(90) })
                .map(pair -> new long[] { base.plusDays(pair[0]).toEpochDay(), base.plusDays(pair[1]).toEpochDay() });
    }

    @ParameterizedTest
    @MethodSource("seededCases")
    void levelAgreesWithCountingWorkingDays(long[] days) {
        LocalDate today = LocalDate.ofEpochDay(days[0]);
        LocalDate deadline = LocalDate.ofEpochDay(days[1]);
        WarningLevel expected;
        if (deadline.isBefore(today)) {
            expected = WarningLevel.RED;
        } else {
            long left = today.plusDays(1).datesUntil(deadline.plusDays(1)).filter(CALENDAR::isWorkingDay).count();
            expected = left <= 1 ? WarningLevel.YELLOW : WarningLevel.NONE;
        }
        assertEquals(expected, DeadlineWarnings.level(deadline, today, CALENDAR), today + " -> " + deadline);
    }
}
