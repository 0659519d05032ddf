package org.errandless.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.errandless.common.problem.Problem;
import org.junit.jupiter.api.Test;

/** What an admin's replacement of a year may contain. */
class HolidayArrangementTest {

    private static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    private static List<String> names(List<Problem.InvalidParam> problems) {
        return problems.stream().map(p -> p.name() + ":" + p.code()).toList();
    }

    @Test
    void aValidYearHasNoProblems() {
        assertEquals(List.of(), HolidayArrangement.problems(2030,
                null, List.of(new Holiday("National Day", d("2030-10-01"), d("2030-10-07"))),
                List.of(d("2030-09-29"), d("2030-10-12"))));
        assertEquals(List.of(), HolidayArrangement.problems(2031, "none", List.of(), List.of()));
    }

    @Test
    void yearOutOfRange() {
        assertEquals(List.of("year:out-of-range"), names(HolidayArrangement.problems(1899, null, List.of(),
                List.of())));
        assertEquals(List.of("year:out-of-range"), names(HolidayArrangement.problems(2201, null, List.of(),
                List.of())));
    }

    @Test
    void eachBadFieldIsNamed() {
        List<Holiday> holidays = Arrays.asList(
                new Holiday("", d("2030-01-01"), d("2030-01-01")),
                new Holiday("Late", d("2030-02-10"), d("2030-02-01")),
                new Holiday("Elsewhere", d("2031-01-01"), d("2031-01-02")),
                new Holiday("Overlap", d("2030-01-01"), d("2030-01-02")),
                new Holiday("x".repeat(101), null, d("2030-03-01")),
                null);
        List<LocalDate> makeUps = Arrays.asList(d("2030-01-07"), d("2030-01-05"), d("2030-01-05"), null,
                d("2029-12-29"));
        assertEquals(List.of("holidays[0].name:required", "holidays[1].to:invalid",
                "holidays[2].from:out-of-range", "holidays[2].to:out-of-range", "holidays[3]:duplicate",
                "holidays[4].name:wrong-size", "holidays[4].from:required", "holidays[5]:required",
                "makeUpWorkdays[0]:invalid", "makeUpWorkdays[2]:duplicate", "makeUpWorkdays[3]:required",
                "makeUpWorkdays[4]:out-of-range"),
                names(HolidayArrangement.problems(2030, null, holidays, makeUps)));
    }

    @Test
    void aMakeUpDayCannotBeAHolidayAndListsAreRequired() {
        assertEquals(List.of("makeUpWorkdays[0]:duplicate"), names(HolidayArrangement.problems(2030, null,
                List.of(new Holiday("Weekend off", d("2030-01-05"), d("2030-01-06"))), List.of(d("2030-01-05")))));
        assertEquals(List.of("source:wrong-size", "holidays:required", "makeUpWorkdays:required"),
                names(HolidayArrangement.problems(2030, "s".repeat(501), null, null)));
    }
}
