package org.errandless.catalog;

import java.time.LocalDate;

/**
 * A deadline date and whether it rests on a known holiday arrangement.
 *
 * @param date the last day on which the work is on time (Asia/Shanghai)
 * @param covered false when a year the computation touched has no known holiday arrangement, so weekdays were
 *        assumed: the date is provisional. Always true for calendar-day counting.
 */
public record DueDate(LocalDate date, boolean covered) {

    /** The opposite of {@link #covered}: the date may move once the year's arrangement is known. */
    public boolean provisional() {
        return !covered;
    }
}
