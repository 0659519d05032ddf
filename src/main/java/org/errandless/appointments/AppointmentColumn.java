package org.errandless.appointments;

import jakarta.enterprise.context.ApplicationScoped;

import org.errandless.applications.HandOverAppointments;

/**
 * Shows the appointment on the application: the latest booking that was not cancelled, read in the same statement as
 * the application (the session's times from its row), as {@link HandOverAppointments} describes.
 */
@ApplicationScoped
public class AppointmentColumn implements HandOverAppointments {

    private static final String COLUMN = "(select json_build_object('id', ap.id, 'stationCode', ap.station_code, "
            + "'date', ap.day, 'period', ap.period, 'startsAt', s.starts_at, 'endsAt', s.ends_at, 'status', ap.status, "
            + "'bookedAt', ap.booked_at, 'outcomeAt', ap.outcome_at)::text from appointment ap join appointment_slot s "
            + "on s.station_code = ap.station_code and s.day = ap.day and s.period = ap.period "
            + "where ap.application_id = a.id and ap.status <> 'CANCELLED' order by ap.booked_at desc, ap.id limit 1)";

    @Override
    public String column() {
        return COLUMN;
    }
}
