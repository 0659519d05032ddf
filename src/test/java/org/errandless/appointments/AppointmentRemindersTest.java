package org.errandless.appointments;

import static org.errandless.appointments.AppointmentFixtures.applicant;
import static org.errandless.appointments.AppointmentFixtures.approved;
import static org.errandless.appointments.AppointmentFixtures.as;
import static org.errandless.appointments.AppointmentFixtures.officer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Reminders go out on the working day before the appointment, by the calendar: on Wednesday 09-30 for Thursday 10-08
 * (the National Day holiday in between), on Friday 10-09 for make-up Saturday 10-10, on Saturday 10-10 for Monday
 * 10-12; once each, however many job runners run at the same time.
 */
@QuarkusTest
class AppointmentRemindersTest {

    @Inject
    AppointmentReminders reminders;

    record Booked(AppointmentFixtures.Applicant applicant, String applicationId) {
    }

    private static Booked booked(String station, String officer, String date) {
        var applicant = applicant(station);
        String id = approved(applicant, officer);
        as(applicant.token()).contentType(ContentType.JSON).body(Map.of("date", date, "period", "MORNING"))
                .post("/api/v1/applications/" + id + "/appointment").then().statusCode(201);
        return new Booked(applicant, id);
    }

    private static int reminders(Booked booked) {
        List<String> texts = as(booked.applicant().token()).queryParam("limit", 100).get("/api/v1/me/notifications")
                .then().statusCode(200).extract().jsonPath().getList("items.text");
        return (int) texts.stream().filter(text -> text.startsWith("提醒：您已预约")).count();
    }

    private static Object remindedAt(Booked booked) {
        return as(booked.applicant().token()).get("/api/v1/applications/" + booked.applicationId() + "/appointment")
                .then().statusCode(200).extract().path("remindedAt");
    }

    @Test
    void remindersGoOutOnTheWorkingDayBeforeOnce() throws Exception {
        String station = AppointmentFixtures.get().station();
        String officer = officer(station);
        as(officer).contentType(ContentType.JSON).body(Map.of("morning", Map.of("start", "09:00", "end", "12:00",
                "capacity", 5))).put("/api/v1/officer/stations/" + station + "/schedule").then().statusCode(200);
        Booked thursday = booked(station, officer, "2026-10-08");
        Booked saturday = booked(station, officer, "2026-10-10");
        Booked monday = booked(station, officer, "2026-10-12");

        // two runners on 09-30 at once: the next working day is 10-08, reminded once
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> {
                together.await();
                return reminders.send(LocalDate.parse("2026-09-30"));
            });
            Future<?> second = pool.submit(() -> {
                together.await();
                return reminders.send(LocalDate.parse("2026-09-30"));
            });
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, reminders(thursday));
        assertNotNull(remindedAt(thursday));
        assertEquals(0, reminders(saturday));
        assertNull(remindedAt(saturday));

        // Thursday 10-08: Friday's is not due yet, and nothing twice
        reminders.send(LocalDate.parse("2026-10-08"));
        assertEquals(1, reminders(thursday));
        assertEquals(0, reminders(saturday));
        // Friday 10-09 for make-up Saturday 10-10
        reminders.send(LocalDate.parse("2026-10-09"));
        assertEquals(1, reminders(saturday));
        assertEquals(0, reminders(monday));
        // Saturday 10-10, a working day, for Monday 10-12
        reminders.send(LocalDate.parse("2026-10-10"));
        assertEquals(1, reminders(monday));
        reminders.send(LocalDate.parse("2026-10-10"));
        assertEquals(1, reminders(monday));
        assertEquals(1, reminders(thursday));
    }

    @Test
    void nextWorkingDayFollowsTheCalendar() {
        var calendar = io.quarkus.arc.Arc.container().instance(org.errandless.catalog.CalendarService.class).get()
                .calendar();
        assertEquals(LocalDate.parse("2026-10-08"),
                AppointmentReminders.nextWorkingDay(LocalDate.parse("2026-09-30"), calendar));
        assertEquals(LocalDate.parse("2026-10-10"),
                AppointmentReminders.nextWorkingDay(LocalDate.parse("2026-10-09"), calendar));
        assertEquals(LocalDate.parse("2026-10-12"),
                AppointmentReminders.nextWorkingDay(LocalDate.parse("2026-10-10"), calendar));
        assertEquals(LocalDate.parse("2026-10-12"),
                AppointmentReminders.nextWorkingDay(LocalDate.parse("2026-10-11"), calendar));
    }
}
