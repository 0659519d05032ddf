package org.errandless.appointments;

import java.time.LocalDate;
import java.time.LocalTime;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies of the appointment endpoints. */
public final class AppointmentRequests {

    private AppointmentRequests() {
    }

    /** A station's schedule: each session offered on every working day of the calendar, or null for none. */
    @Schema(name = "ScheduleRequest")
    public record Schedule(@Valid @Schema(nullable = true) Session morning,
            @Valid @Schema(nullable = true) Session afternoon) {
    }

    /** One session: its hours (Asia/Shanghai) and how many applicants it takes. */
    @Schema(name = "ScheduleSession")
    public record Session(
            @NotNull @Schema(type = SchemaType.STRING, format = "partial-time", example = "09:00", required = true,
                    maxLength = 18)
            LocalTime start,
            @NotNull @Schema(type = SchemaType.STRING, format = "partial-time", example = "12:00", required = true,
                    maxLength = 18)
            LocalTime end,
            @NotNull @Min(1) @Max(1000) @Schema(example = "5", minimum = "1", maximum = "1000", required = true)
            Integer capacity) {
    }

    /** The session to book (or to move the booking to). */
    @Schema(name = "BookingRequest")
    public record Booking(
            @NotNull @Schema(example = "2026-10-08", required = true) LocalDate date,
            @NotNull @Schema(example = "MORNING", required = true) Period period) {
    }

    /** What happened at the counter. */
    @Schema(name = "AttendanceRequest")
    public record Attendance(
            @NotNull @Pattern(regexp = "ATTENDED|NO_SHOW") @Schema(example = "ATTENDED", enumeration = { "ATTENDED",
                    "NO_SHOW" }, required = true) String outcome) {
    }
}
