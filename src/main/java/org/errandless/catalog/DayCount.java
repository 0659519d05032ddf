package org.errandless.catalog;

/**
 * A number of counting days and whether it rests on a known holiday arrangement.
 *
 * @param days how many counting days
 * @param covered false when a year of the range has no known arrangement (weekdays were assumed); always true for
 *        calendar-day counting
 */
public record DayCount(int days, boolean covered) {
}
