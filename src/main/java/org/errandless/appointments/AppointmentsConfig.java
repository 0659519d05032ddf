package org.errandless.appointments;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Appointments for the one visit of a hand-over step (最多跑一次). */
@ConfigMapping(prefix = "errandless.appointments")
public interface AppointmentsConfig {

    /**
     * How far ahead sessions can be booked: today and the next this many working days of the calendar (holidays and
     * make-up working days apply).
     */
    @WithDefault("10")
    int horizonWorkingDays();

    /**
     * Until when before a session starts the applicant may book, cancel or reschedule it (business clock); later the
     * booking stands and only the station can record its outcome.
     */
    @WithDefault("PT2H")
    Duration changeCutoff();

    /** The reminder job. */
    Reminders reminders();

    /** The reminder job. */
    interface Reminders {

        /**
         * How often each instance looks for appointments to remind of (a Quarkus scheduler interval such as
         * {@code 10M}); {@code off} leaves it to explicit calls (tests). Reminders go out on the working day before
         * the appointment, within this interval after midnight (Asia/Shanghai), or at once for a later booking.
         */
        @WithDefault("10M")
        String every();

        /** Appointments one transaction of the job reminds of at most (rows locked with SKIP LOCKED). */
        @WithDefault("100")
        int batchSize();
    }
}
