package org.errandless.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.errandless.common.problem.Problem;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One year's national holiday arrangement (放假安排), as published by the State Council and as bundled in
 * {@code reference/holidays-cn-<year>.json}.
 *
 * @param source where it comes from (e.g. the notice), or null
 * @param year the calendar year; every date lies in it
 * @param holidays the holiday periods
 * @param makeUpWorkdays the weekend days worked instead (调休)
 */
public record HolidayArrangement(String source, int year, List<Holiday> holidays, List<LocalDate> makeUpWorkdays) {

    /** Earliest year the calendar accepts. */
    public static final int MIN_YEAR = 1900;
    /** Latest year the calendar accepts. */
    public static final int MAX_YEAR = 2200;
    /** Longest holiday name. */
    public static final int MAX_NAME_LENGTH = 100;
    /** Longest source text. */
    public static final int MAX_SOURCE_LENGTH = 500;

    /** Reads the bundled file format. */
    public static HolidayArrangement read(ObjectMapper json, InputStream in) throws IOException {
        return json.readValue(in, HolidayArrangement.class);
    }

    /** Whether the calendar accepts this year at all. */
    public static boolean isSupportedYear(int year) {
        return year >= MIN_YEAR && year <= MAX_YEAR;
    }

    /**
     * What is wrong with an arrangement, one entry per bad field (empty when it is fine): dates outside the year,
     * periods that end before they start or overlap, unnamed holidays, make-up working days that are not weekend days
     * or fall on a holiday, duplicates.
     */
    public static List<Problem.InvalidParam> problems(int year, String source, List<Holiday> holidays,
            List<LocalDate> makeUpWorkdays) {
        List<Problem.InvalidParam> problems = new ArrayList<>();
        if (!isSupportedYear(year)) {
            problems.add(new Problem.InvalidParam("year", "must be between " + MIN_YEAR + " and " + MAX_YEAR,
                    "out-of-range"));
            return problems;
        }
        if (source != null && source.length() > MAX_SOURCE_LENGTH) {
            problems.add(new Problem.InvalidParam("source", "must be at most " + MAX_SOURCE_LENGTH + " characters",
                    "wrong-size"));
        }
        Map<LocalDate, String> taken = new HashMap<>();
        if (holidays == null) {
            problems.add(new Problem.InvalidParam("holidays", "must not be null", "required"));
        } else {
            for (int i = 0; i < holidays.size(); i++) {
                String field = "holidays[" + i + "]";
                Holiday holiday = holidays.get(i);
                if (holiday == null) {
                    problems.add(new Problem.InvalidParam(field, "must not be null", "required"));
                    continue;
                }
                if (holiday.name() == null || holiday.name().isBlank()) {
                    problems.add(new Problem.InvalidParam(field + ".name", "must not be blank", "required"));
                } else if (holiday.name().length() > MAX_NAME_LENGTH) {
                    problems.add(new Problem.InvalidParam(field + ".name",
                            "must be at most " + MAX_NAME_LENGTH + " characters", "wrong-size"));
                }
                boolean datesValid = checkDate(problems, field + ".from", holiday.from(), year)
                        & checkDate(problems, field + ".to", holiday.to(), year);
                if (!datesValid) {
                    continue;
                }
                if (holiday.to().isBefore(holiday.from())) {
                    problems.add(new Problem.InvalidParam(field + ".to", "must not be before from", "invalid"));
                    continue;
                }
                for (LocalDate date = holiday.from(); !date.isAfter(holiday.to()); date = date.plusDays(1)) {
                    String other = taken.putIfAbsent(date, field);
                    if (other != null) {
                        problems.add(new Problem.InvalidParam(field, "overlaps " + other + " on " + date,
                                "duplicate"));
                        break;
                    }
                }
            }
        }
        if (makeUpWorkdays == null) {
            problems.add(new Problem.InvalidParam("makeUpWorkdays", "must not be null", "required"));
        } else {
            for (int i = 0; i < makeUpWorkdays.size(); i++) {
                String field = "makeUpWorkdays[" + i + "]";
                LocalDate date = makeUpWorkdays.get(i);
                if (!checkDate(problems, field, date, year)) {
                    continue;
                }
                if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    problems.add(new Problem.InvalidParam(field, "must be a Saturday or Sunday (" + date
                            + " is a weekday, which is a working day anyway)", "invalid"));
                    continue;
                }
                String other = taken.putIfAbsent(date, field);
                if (other != null) {
                    problems.add(new Problem.InvalidParam(field, "is already " + other, "duplicate"));
                }
            }
        }
        return problems;
    }

    private static boolean checkDate(List<Problem.InvalidParam> problems, String field, LocalDate date, int year) {
        if (date == null) {
            problems.add(new Problem.InvalidParam(field, "must not be null", "required"));
            return false;
        }
        if (date.getYear() != year) {
            problems.add(new Problem.InvalidParam(field, "must lie in " + year, "out-of-range"));
            return false;
        }
        return true;
    }
}
