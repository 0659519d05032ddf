package org.errandless.appointments;

import static org.errandless.appointments.AppointmentFixtures.APPLICATIONS;
import static org.errandless.appointments.AppointmentFixtures.applicant;
import static org.errandless.appointments.AppointmentFixtures.approved;
import static org.errandless.appointments.AppointmentFixtures.as;
import static org.errandless.appointments.AppointmentFixtures.officer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Capacity is the database's: 50 applicants of one station book the same 5-seat session at once (lined up on a latch,
 * no sleeps): exactly 5 bookings, 45 answers 409 {@code slot-full}. The seat count is a conditional UPDATE under the
 * session row's lock, which holds the same way for requests arriving through several instances.
 */
@QuarkusTest
class AppointmentRaceTest {

    private static final int APPLICANTS = 50;
    private static final int SEATS = 5;

    @Test
    void fiftyBookingsOfAFiveSeatSessionGiveFiveBookings() throws Exception {
        String station = AppointmentFixtures.get().station();
        String officer = officer(station);
        as(officer).contentType(ContentType.JSON).body(Map.of("morning", Map.of("start", "09:00", "end", "12:00",
                "capacity", SEATS))).put("/api/v1/officer/stations/" + station + "/schedule").then().statusCode(200);
        List<String[]> bookers = new ArrayList<>();
        for (int i = 0; i < APPLICANTS; i++) {
            var applicant = applicant(station);
            bookers.add(new String[] { applicant.token(), approved(applicant, officer) });
        }

        CountDownLatch ready = new CountDownLatch(APPLICANTS);
        CountDownLatch go = new CountDownLatch(1);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(APPLICANTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String[] booker : bookers) {
                done.add(pool.submit(() -> {
                    var request = as(booker[0]).contentType(ContentType.JSON)
                            .body(Map.of("date", "2026-10-08", "period", "MORNING"));
                    ready.countDown();
                    go.await();
                    Response response = request.post(APPLICATIONS + "/" + booker[1] + "/appointment");
                    String outcome = response.statusCode() + (response.statusCode() == 201 ? ""
                            : " " + response.path("code"));
                    outcomes.computeIfAbsent(outcome, key -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            ready.await(60, TimeUnit.SECONDS);
            go.countDown();
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of("201", SEATS, "409 slot-full", APPLICANTS - SEATS),
                Map.copyOf(outcomes.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        entry -> entry.getValue().get()))));
        as(officer).queryParam("date", "2026-10-08").get("/api/v1/officer/stations/" + station + "/appointments")
                .then().statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo(SEATS));
    }
}
