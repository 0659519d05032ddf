package org.errandless.catalog;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Which days are working days (工作日) under the national holiday arrangement.
 *
 * <p>Implementations know the holidays and make-up working days (调休) of the years they {@link #covers cover}. For any
 * other year they know no exceptions, so {@link #isWorkingDay} falls back to the week: Monday to Friday work. Callers
 * that need to know whether a date rests on that assumption ask {@link #covers}.
 */
public interface WorkingDayCalendar {

    /** Whether the holiday arrangement of this year is known. */
    boolean covers(int year);

    /** Whether the date is a public holiday (possibly on a weekend); false for dates of years not covered. */
    boolean isHoliday(LocalDate date);

    /** Whether the date is a make-up working day (a weekend day worked instead); false for years not covered. */
    boolean isMakeUpWorkday(LocalDate date);

    /** Whether people work on that date: make-up working days do, holidays and other weekend days do not. */
    default boolean isWorkingDay(LocalDate date) {
        if (isMakeUpWorkday(date)) {
            return true;
        }
        if (isHoliday(date)) {
            return false;
        }
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
    }
}
