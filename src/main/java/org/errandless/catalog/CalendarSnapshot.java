package org.errandless.catalog;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable, in-memory {@link WorkingDayCalendar}: the covered years with their holidays and make-up working days
 * as they were when it was built. Deadlines computed together (a page of applications) use one snapshot, so they agree
 * with each other even while an admin replaces a year.
 */
public final class CalendarSnapshot implements WorkingDayCalendar {

    private final Set<Integer> coveredYears;
    private final Map<LocalDate, String> holidays;
    private final Set<LocalDate> makeUpWorkdays;

    private CalendarSnapshot(Set<Integer> coveredYears, Map<LocalDate, String> holidays,
            Set<LocalDate> makeUpWorkdays) {
        this.coveredYears = Set.copyOf(coveredYears);
        this.holidays = Map.copyOf(holidays);
        this.makeUpWorkdays = Set.copyOf(makeUpWorkdays);
    }

    /** A calendar that covers no year: every weekday works. */
    public static CalendarSnapshot empty() {
        return new CalendarSnapshot(Set.of(), Map.of(), Set.of());
    }

    /** Starts a calendar. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean covers(int year) {
        return coveredYears.contains(year);
    }

    @Override
    public boolean isHoliday(LocalDate date) {
        return holidays.containsKey(date);
    }

    @Override
    public boolean isMakeUpWorkday(LocalDate date) {
        return makeUpWorkdays.contains(date);
    }

    /** The name of the holiday on that date, if it is one. */
    public Optional<String> holidayName(LocalDate date) {
        return Optional.ofNullable(holidays.get(date));
    }

    /** Collects covered years and their exceptional days. */
    public static final class Builder {

        private final Set<Integer> coveredYears = new HashSet<>();
        private final Map<LocalDate, String> holidays = new HashMap<>();
        private final Set<LocalDate> makeUpWorkdays = new HashSet<>();

        private Builder() {
        }

        /** Marks a year as covered (its arrangement is known, even if it has no exceptional day). */
        public Builder cover(int year) {
            coveredYears.add(year);
            return this;
        }

        /** Adds a holiday date. */
        public Builder holiday(LocalDate date, String name) {
            holidays.put(date, name);
            return this;
        }

        /** Adds every date of a holiday period. */
        public Builder holiday(Holiday holiday) {
            for (LocalDate date = holiday.from(); !date.isAfter(holiday.to()); date = date.plusDays(1)) {
                holiday(date, holiday.name());
            }
            return this;
        }

        /** Adds a make-up working day. */
        public Builder makeUpWorkday(LocalDate date) {
            makeUpWorkdays.add(date);
            return this;
        }

        /** Covers the arrangement's year with its holidays and make-up working days. */
        public Builder year(HolidayArrangement arrangement) {
            cover(arrangement.year());
            arrangement.holidays().forEach(this::holiday);
            arrangement.makeUpWorkdays().forEach(this::makeUpWorkday);
            return this;
        }

        /**
         * The calendar.
         *
         * @throws IllegalStateException when a day lies in a year not covered: outside covered years the calendar
         *         promises plain weeks
         */
        public CalendarSnapshot build() {
            for (LocalDate date : holidays.keySet()) {
                requireCovered(date);
            }
            makeUpWorkdays.forEach(this::requireCovered);
            return new CalendarSnapshot(coveredYears, holidays, makeUpWorkdays);
        }

        private void requireCovered(LocalDate date) {
            if (!coveredYears.contains(date.getYear())) {
                throw new IllegalStateException(date + " lies in a year that is not covered");
            }
        }
    }
}
