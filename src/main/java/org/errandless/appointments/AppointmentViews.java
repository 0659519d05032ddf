package org.errandless.appointments;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answers of the appointment endpoints. */
public final class AppointmentViews {

    private AppointmentViews() {
    }

    /** A station's published schedule. */
    @Schema(name = "Schedule")
    public record ScheduleView(
            @Schema(example = "50010801", required = true) String stationCode,
            @Schema(nullable = true) SessionView morning,
            @Schema(nullable = true) SessionView afternoon,
            @Schema(example = "10", required = true, description = "Sessions exist for today and this many working "
                    + "days ahead") int horizonWorkingDays,
            @Schema(nullable = true, description = "When it was last published; null: never") Instant updatedAt,
            @Schema(example = "0", required = true, description = "Bookings of sessions to come that the schedule "
                    + "as published no longer offers as booked (a session dropped, other hours, or fewer seats than "
                    + "booked): they all stand, the station honours them") long bookingsKept) {
    }

    /** One session of the schedule. */
    @Schema(name = "ScheduleSessionView")
    public record SessionView(
            @Schema(example = "09:00", pattern = "^[0-2][0-9]:[0-5][0-9]$", required = true) String start,
            @Schema(example = "12:00", pattern = "^[0-2][0-9]:[0-5][0-9]$", required = true) String end,
            @Schema(example = "5", required = true) int capacity) {
    }

    /** A session that can be booked. */
    @Schema(name = "AppointmentSlot")
    public record SlotView(
            @Schema(example = "2026-10-08", required = true) LocalDate date,
            @Schema(example = "MORNING", required = true) Period period,
            @Schema(example = "2026-10-08T01:00:00Z", required = true) Instant startsAt,
            @Schema(example = "2026-10-08T04:00:00Z", required = true) Instant endsAt,
            @Schema(example = "5", required = true) int capacity,
            @Schema(example = "3", required = true) int free) {
    }

    /** The free sessions of the handling station. */
    @Schema(name = "AppointmentSlots")
    public record SlotList(
            @Schema(example = "50010801", required = true) String stationCode,
            @Schema(required = true) List<SlotView> items) {
    }

    /** A booking. */
    @Schema(name = "Appointment")
    public record AppointmentView(
            @Schema(example = "5c0b7e3a-8d21-4f6e-a9c4-2e1d0f3b4a59", required = true) UUID id,
            @Schema(example = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11", required = true) UUID applicationId,
            @Schema(example = "50010801", required = true) String stationCode,
            @Schema(example = "2026-10-08", required = true) LocalDate date,
            @Schema(example = "MORNING", required = true) Period period,
            @Schema(example = "2026-10-08T01:00:00Z", required = true) Instant startsAt,
            @Schema(example = "2026-10-08T04:00:00Z", required = true) Instant endsAt,
            @Schema(example = "BOOKED", required = true) AppointmentStatus status,
            @Schema(required = true) Instant bookedAt,
            @Schema(example = "2026-10-07T23:00:00Z", required = true, description = "Until when the applicant may "
                    + "cancel or reschedule it (2 hours before the start by default)") Instant changeableUntil,
            @Schema(nullable = true, description = "When the reminder went out") Instant remindedAt,
            @Schema(nullable = true, description = "When ATTENDED or NO_SHOW was recorded") Instant outcomeAt) {
    }

    /** A station's bookings of one day. */
    @Schema(name = "StationAppointments")
    public record DayList(
            @Schema(example = "50010801", required = true) String stationCode,
            @Schema(example = "2026-10-08", required = true) LocalDate date,
            @Schema(required = true) List<AppointmentView> items) {
    }
}
