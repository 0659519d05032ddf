package org.errandless.appointments;

/** Where a booking stands: BOOKED until the officer records ATTENDED or NO_SHOW, or it is CANCELLED. */
public enum AppointmentStatus {
    BOOKED, CANCELLED, ATTENDED, NO_SHOW
}
