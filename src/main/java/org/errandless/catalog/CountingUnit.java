package org.errandless.catalog;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How a time limit counts days. */
@Schema(description = "How the time limit counts days: working days follow the national holiday arrangement "
        + "(weekends and holidays off, make-up working days 调休 on); calendar days count every day")
public enum CountingUnit {
    /** Working days (工作日): weekends and holidays off, make-up working days on. */
    WORKING_DAYS,
    /** Calendar days (自然日): every day counts. */
    CALENDAR_DAYS
}
