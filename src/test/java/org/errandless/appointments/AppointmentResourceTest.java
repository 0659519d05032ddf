package org.errandless.appointments;

import static io.restassured.RestAssured.given;
import static org.errandless.appointments.AppointmentFixtures.APPLICATIONS;
import static org.errandless.appointments.AppointmentFixtures.PROBLEM;
import static org.errandless.appointments.AppointmentFixtures.applicant;
import static org.errandless.appointments.AppointmentFixtures.approved;
import static org.errandless.appointments.AppointmentFixtures.as;
import static org.errandless.appointments.AppointmentFixtures.officer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.errandless.common.security.Roles;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Appointments over HTTP: the station's schedule, free sessions on the calendar's working days, booking, rescheduling,
 * cancelling, the cut-off, the officer's record, and the application showing its appointment. The business clock is
 * fixed at Wednesday 2026-09-30 10:00 Asia/Shanghai; 10-01..10-07 is the National Day holiday, Saturday 10-10 a
 * make-up working day.
 */
@QuarkusTest
class AppointmentResourceTest {

    static final Map<String, Object> TWO_SESSIONS = Map.of(
            "morning", Map.of("start", "09:00", "end", "12:00", "capacity", 5),
            "afternoon", Map.of("start", "14:00", "end", "17:30", "capacity", 5));

    static String schedulePath(String station) {
        return "/api/v1/officer/stations/" + station + "/schedule";
    }

    static String appointment(String id) {
        return APPLICATIONS + "/" + id + "/appointment";
    }

    static void publish(String station, Object schedule) {
        as(officer(station)).contentType(ContentType.JSON).body(schedule).put(schedulePath(station)).then()
                .statusCode(200);
    }

    static Response book(String token, String id, String date, String period) {
        return as(token).contentType(ContentType.JSON).body(Map.of("date", date, "period", period))
                .post(appointment(id));
    }

    static void problem(Response response, int status, String code) {
        response.then().statusCode(status).contentType(PROBLEM).body("code", equalTo(code));
    }

    @Test
    void aStationPublishesItsScheduleAndOnlyItsOwnOfficersMay() {
        String station = AppointmentFixtures.get().station();
        String other = AppointmentFixtures.get().station();
        String officer = officer(station);

        as(officer).get(schedulePath(station)).then().statusCode(200).body("morning", nullValue())
                .body("updatedAt", nullValue());
        as(officer).contentType(ContentType.JSON).body(TWO_SESSIONS).put(schedulePath(station)).then()
                .statusCode(200).body("stationCode", equalTo(station)).body("morning.capacity", equalTo(5))
                .body("afternoon.start", equalTo("14:00")).body("horizonWorkingDays", equalTo(10))
                .body("bookingsKept", equalTo(0));
        as(officer).get(schedulePath(station)).then().statusCode(200).body("morning.end", equalTo("12:00"));

        // 401 without a token; another station's officer and an unknown station: 404; a citizen: 403
        problem(given().contentType(ContentType.JSON).body(TWO_SESSIONS).put(schedulePath(station)), 401,
                "unauthorized");
        problem(given().get(schedulePath(station)), 401, "unauthorized");
        problem(as(officer(other)).contentType(ContentType.JSON).body(TWO_SESSIONS).put(schedulePath(station)), 404,
                "not-found");
        problem(as(officer(other)).get(schedulePath(station)), 404, "not-found");
        problem(as(officer).get(schedulePath("99999999")), 404, "not-found");
        problem(as(applicant(station).token()).get(schedulePath(station)), 403, "forbidden");
        // a staff write of this kind needs the second factor
        problem(as(TestTokens.staffWithoutSecondFactor(Roles.OFFICER, station).accessToken())
                .contentType(ContentType.JSON).body(TWO_SESSIONS).put(schedulePath(station)), 403, "mfa-required");

        // bad input: capacity 0, an end before its start, overlapping sessions, no body
        problem(as(officer).contentType(ContentType.JSON).body(Map.of("morning", Map.of("start", "09:00", "end",
                "12:00", "capacity", 0))).put(schedulePath(station)), 400, "validation-failed");
        problem(as(officer).contentType(ContentType.JSON).body(Map.of("morning", Map.of("start", "12:00", "end",
                "09:00", "capacity", 3))).put(schedulePath(station)), 400, "validation-failed");
        problem(as(officer).contentType(ContentType.JSON).body(Map.of(
                "morning", Map.of("start", "09:00", "end", "14:30", "capacity", 3),
                "afternoon", Map.of("start", "14:00", "end", "17:00", "capacity", 3))).put(schedulePath(station)),
                400, "validation-failed");
        problem(as(officer).contentType(ContentType.JSON).body(Map.of("morning", Map.of("start", "9 o'clock",
                "end", "12:00", "capacity", 3))).put(schedulePath(station)), 400,
                "validation-failed");
        problem(as(officer).contentType(ContentType.JSON).put(schedulePath(station)), 400, "validation-failed");
    }

    @Test
    void freeSessionsAreThoseOfTheCalendarsWorkingDays() {
        String station = AppointmentFixtures.get().station();
        String officer = officer(station);
        publish(station, TWO_SESSIONS);
        var applicant = applicant(station);
        String id = approved(applicant, officer);

        Response slots = as(applicant.token()).get(appointment(id) + "/slots");
        slots.then().statusCode(200).body("stationCode", equalTo(station));
        List<String> items = slots.jsonPath().getList("items.collect { it.date + ' ' + it.period }");
        // today: the morning has begun, the afternoon (14:00) is more than 2 hours away; the holiday is skipped,
        // Sunday 10-11 too, make-up Saturday 10-10 is a working day; today + 10 working days ends on 10-20
        assertEquals(List.of("2026-09-30 AFTERNOON", "2026-10-08 MORNING", "2026-10-08 AFTERNOON",
                "2026-10-09 MORNING", "2026-10-09 AFTERNOON", "2026-10-10 MORNING", "2026-10-10 AFTERNOON",
                "2026-10-12 MORNING"), items.subList(0, 8));
        assertEquals("2026-10-20 AFTERNOON", items.get(items.size() - 1));
        slots.then().body("items[1].startsAt", equalTo("2026-10-08T01:00:00Z")).body("items[1].free", equalTo(5));

        // 401; someone else's application: 404; an officer: 403
        problem(given().get(appointment(id) + "/slots"), 401, "unauthorized");
        problem(as(applicant(station).token()).get(appointment(id) + "/slots"), 404, "not-found");
        problem(as(officer).get(appointment(id) + "/slots"), 403, "forbidden");
        problem(as(applicant.token()).get(APPLICATIONS + "/not-a-uuid/appointment/slots"), 404, "not-found");

        // not yet APPROVED: nothing to book
        var early = applicant(station);
        String accepted = AppointmentFixtures.accepted(early, officer);
        problem(as(early.token()).get(appointment(accepted) + "/slots"), 409, "appointment-not-open");
        problem(book(early.token(), accepted, "2026-10-08", "MORNING"), 409, "appointment-not-open");
    }

    @Test
    void theApplicantBooksReschedulesAndCancels() {
        String station = AppointmentFixtures.get().station();
        String officer = officer(station);
        publish(station, TWO_SESSIONS);
        var applicant = applicant(station);
        String id = approved(applicant, officer);

        // bad input: a holiday, a Sunday, beyond the horizon, the past
        problem(book(applicant.token(), id, "2026-10-01", "MORNING"), 422, "slot-unavailable");
        problem(book(applicant.token(), id, "2026-10-11", "MORNING"), 422, "slot-unavailable");
        problem(book(applicant.token(), id, "2026-11-30", "MORNING"), 422, "slot-unavailable");
        problem(book(applicant.token(), id, "2026-09-29", "MORNING"), 422, "slot-unavailable");

        Response booked = book(applicant.token(), id, "2026-10-08", "MORNING");
        booked.then().statusCode(201).body("status", equalTo("BOOKED")).body("stationCode", equalTo(station))
                .body("startsAt", equalTo("2026-10-08T01:00:00Z")).body("endsAt", equalTo("2026-10-08T04:00:00Z"))
                .body("changeableUntil", equalTo("2026-10-07T23:00:00Z"));
        String appointmentId = booked.path("id");
        // the application shows it, to the applicant and to the station
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("appointment.id", equalTo(appointmentId)).body("appointment.date", equalTo("2026-10-08"))
                .body("appointment.period", equalTo("MORNING")).body("appointment.status", equalTo("BOOKED"));
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("appointment.id", equalTo(appointmentId));
        as(officer).get(appointment(id)).then().statusCode(200).body("id", equalTo(appointmentId));
        as(applicant.token()).get(appointment(id) + "/slots").then().statusCode(200)
                .body("items.find { it.date == '2026-10-08' && it.period == 'MORNING' }.free", equalTo(4));

        // one active booking per application
        problem(book(applicant.token(), id, "2026-10-09", "MORNING"), 409, "appointment-exists");
        problem(as(applicant.token()).contentType(ContentType.JSON).body(Map.of("date", "2026-10-08"))
                .post(appointment(id)), 400, "validation-failed");
        problem(as(applicant.token()).contentType(ContentType.JSON).body(Map.of("date", "2026-10-08", "period",
                "EVENING")).post(appointment(id)), 400, "validation-failed");
        // 401, not yours (404), an officer may not book (403)
        problem(given().contentType(ContentType.JSON).body(Map.of("date", "2026-10-08", "period", "MORNING"))
                .post(appointment(id)), 401, "unauthorized");
        var stranger = applicant(station);
        problem(book(stranger.token(), id, "2026-10-08", "MORNING"), 404, "not-found");
        problem(as(stranger.token()).get(appointment(id)), 404, "not-found");
        problem(as(officer(AppointmentFixtures.get().station())).get(appointment(id)), 404, "not-found");
        problem(given().get(appointment(id)), 401, "unauthorized");

        // reschedule: the old seat is free again, the new one taken
        Response moved = as(applicant.token()).contentType(ContentType.JSON)
                .body(Map.of("date", "2026-10-10", "period", "AFTERNOON")).put(appointment(id));
        moved.then().statusCode(200).body("date", equalTo("2026-10-10")).body("period", equalTo("AFTERNOON"))
                .body("id", not(equalTo(appointmentId)));
        as(applicant.token()).get(appointment(id) + "/slots").then().statusCode(200)
                .body("items.find { it.date == '2026-10-08' && it.period == 'MORNING' }.free", equalTo(5))
                .body("items.find { it.date == '2026-10-10' && it.period == 'AFTERNOON' }.free", equalTo(4));
        problem(as(applicant.token()).contentType(ContentType.JSON).body(Map.of("date", "2026-10-04", "period",
                "MORNING")).put(appointment(id)), 422, "slot-unavailable");
        problem(as(applicant.token()).contentType(ContentType.JSON).body(Map.of("period", "MORNING"))
                .put(appointment(id)), 400, "validation-failed");
        problem(as(stranger.token()).contentType(ContentType.JSON).body(Map.of("date", "2026-10-09", "period",
                "MORNING")).put(appointment(id)), 404, "not-found");
        problem(given().contentType(ContentType.JSON).body(Map.of("date", "2026-10-09", "period", "MORNING"))
                .put(appointment(id)), 401, "unauthorized");
        as(applicant.token()).get(appointment(id)).then().statusCode(200).body("date", equalTo("2026-10-10"));

        // cancel: 401, not yours, then done; nothing left to cancel
        problem(given().delete(appointment(id)), 401, "unauthorized");
        problem(as(stranger.token()).delete(appointment(id)), 404, "not-found");
        as(applicant.token()).delete(appointment(id)).then().statusCode(204);
        problem(as(applicant.token()).delete(appointment(id)), 404, "not-found");
        problem(as(applicant.token()).get(appointment(id)), 404, "not-found");
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200).body("appointment", nullValue());
        // and book again
        book(applicant.token(), id, "2026-10-09", "MORNING").then().statusCode(201);
    }

    @Test
    void changesCloseTwoHoursBeforeTheSession() {
        String station = AppointmentFixtures.get().station();
        String officer = officer(station);
        // today's afternoon starts 11:30, within 2 hours of 10:00: not bookable
        publish(station, Map.of("morning", Map.of("start", "08:00", "end", "09:00", "capacity", 2),
                "afternoon", Map.of("start", "11:30", "end", "12:00", "capacity", 2)));
        var applicant = applicant(station);
        String id = approved(applicant, officer);
        problem(book(applicant.token(), id, "2026-09-30", "AFTERNOON"), 422, "slot-unavailable");
        as(applicant.token()).get(appointment(id) + "/slots").then().statusCode(200)
                .body("items.date", not(hasItem("2026-09-30")));

        // a booking whose session has come within 2 hours stands: no cancel, no reschedule
        book(applicant.token(), id, "2026-10-08", "MORNING").then().statusCode(201);
        AppointmentFixtures.get().moveSession(station, "2026-10-08", "MORNING", "2026-09-30T03:30:00Z",
                "2026-09-30T04:00:00Z");
        problem(as(applicant.token()).delete(appointment(id)), 409, "appointment-too-late");
        problem(as(applicant.token()).contentType(ContentType.JSON).body(Map.of("date", "2026-10-09", "period",
                "MORNING")).put(appointment(id)), 409, "appointment-too-late");
        as(applicant.token()).get(appointment(id)).then().statusCode(200).body("status", equalTo("BOOKED"));
    }

    @Test
    void aScheduleChangeKeepsEveryBooking() {
        String station = AppointmentFixtures.get().station();
        String officer = officer(station);
        publish(station, TWO_SESSIONS);
        var applicant = applicant(station);
        String id = approved(applicant, officer);
        book(applicant.token(), id, "2026-10-08", "MORNING").then().statusCode(201);

        // the morning is no longer offered: the booking stands, and is counted
        as(officer).contentType(ContentType.JSON).body(Map.of("afternoon", Map.of("start", "13:00", "end", "16:00",
                "capacity", 3))).put(schedulePath(station)).then().statusCode(200).body("morning", nullValue())
                .body("bookingsKept", equalTo(1));
        as(applicant.token()).get(appointment(id)).then().statusCode(200).body("status", equalTo("BOOKED"))
                .body("startsAt", equalTo("2026-10-08T01:00:00Z"));
        Response slots = as(applicant.token()).get(appointment(id) + "/slots");
        slots.then().statusCode(200).body("items.period", not(hasItem("MORNING")))
                .body("items.find { it.date == '2026-10-08' }.startsAt", equalTo("2026-10-08T05:00:00Z"));
        as(officer).queryParam("date", "2026-10-08").get("/api/v1/officer/stations/" + station + "/appointments")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("items[0].applicationId", equalTo(id));
        problem(as(officer).queryParam("date", "8 Oct").get("/api/v1/officer/stations/" + station
                + "/appointments"), 400, "validation-failed");
        problem(as(officer(AppointmentFixtures.get().station())).get("/api/v1/officer/stations/" + station
                + "/appointments"), 404, "not-found");
        problem(given().get("/api/v1/officer/stations/" + station + "/appointments"), 401, "unauthorized");
    }

    @Test
    void theOfficerRecordsAttendance() {
        String station = AppointmentFixtures.get().station();
        String officer = officer(station);
        publish(station, TWO_SESSIONS);
        var applicant = applicant(station);
        String id = approved(applicant, officer);
        String attendance = appointment(id) + "/attendance";

        problem(as(officer).contentType(ContentType.JSON).body(Map.of("outcome", "ATTENDED")).post(attendance), 404,
                "not-found");
        // today's afternoon
        book(applicant.token(), id, "2026-09-30", "AFTERNOON").then().statusCode(201);

        problem(given().contentType(ContentType.JSON).body(Map.of("outcome", "ATTENDED")).post(attendance), 401,
                "unauthorized");
        problem(as(officer(AppointmentFixtures.get().station())).contentType(ContentType.JSON)
                .body(Map.of("outcome", "ATTENDED")).post(attendance), 404, "not-found");
        problem(as(applicant.token()).contentType(ContentType.JSON).body(Map.of("outcome", "ATTENDED"))
                .post(attendance), 403, "forbidden");
        problem(as(TestTokens.staffWithoutSecondFactor(Roles.OFFICER, station).accessToken())
                .contentType(ContentType.JSON).body(Map.of("outcome", "ATTENDED")).post(attendance), 403,
                "mfa-required");
        problem(as(officer).contentType(ContentType.JSON).body(Map.of("outcome", "LATE")).post(attendance), 400,
                "validation-failed");
        problem(as(officer).contentType(ContentType.JSON).body(Map.of()).post(attendance), 400,
                "validation-failed");
        // the session has not ended: no no-show yet
        problem(as(officer).contentType(ContentType.JSON).body(Map.of("outcome", "NO_SHOW")).post(attendance), 409,
                "attendance-too-early");

        as(officer).contentType(ContentType.JSON).body(Map.of("outcome", "ATTENDED")).post(attendance).then()
                .statusCode(200).body("status", equalTo("ATTENDED")).body("outcomeAt", equalTo("2026-09-30T02:00:00Z"));
        problem(as(officer).contentType(ContentType.JSON).body(Map.of("outcome", "NO_SHOW")).post(attendance), 409,
                "appointment-not-booked");
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("appointment.status", equalTo("ATTENDED"));
        // the hand-over itself is still the officer's complete
        AppointmentFixtures.act(officer, id, "complete");
    }

    @Test
    void attendanceOfAFutureDayIsTooEarly() {
        String station = AppointmentFixtures.get().station();
        String officer = officer(station);
        publish(station, TWO_SESSIONS);
        var applicant = applicant(station);
        String id = approved(applicant, officer);
        book(applicant.token(), id, "2026-10-08", "MORNING").then().statusCode(201);
        problem(as(officer).contentType(ContentType.JSON).body(Map.of("outcome", "ATTENDED"))
                .post(appointment(id) + "/attendance"), 409, "attendance-too-early");
        // completing the application before the day frees the seat
        AppointmentFixtures.act(officer, id, "complete");
        problem(as(applicant.token()).get(appointment(id)), 404, "not-found");
    }
}
