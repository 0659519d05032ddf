package org.errandless.supervision;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.common.security.Roles;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The statistics against a hand-computed fixture: eight applications around March 2025 (a month without holidays) of
 * a station each test creates for itself, the figures worked out by hand in {@link #FIXTURES}. Open and overdue are
 * counted over everything of a station, whenever it was received, so a shared station (a demo one) would count what
 * other tests leave open there: only this test's own station makes the exact figures deterministic. One open
 * application of a neighbour station (same district, same month) must never be counted for it.
 */
@QuarkusTest
class SupervisionStatisticsTest {

    private static final String STATS = "/api/v1/supervision/stats";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    EntityManager entityManager;
    @Inject
    SupervisionGauges gauges;

    private record Fixture(String service, String status, String received, String accepted, String decided,
            String outcome, Boolean late, String completed, String withdrawn, boolean supplement, boolean uploaded,
            String evaluated, Integer score) {
    }

    /**
     * In March: received A-G (7), accepted A B D F (4), refused C, rejected D, completed A B G H (4), withdrawn E,
     * open F; decided A B C D G H (6), B late (1/6), B D after a supplement request (2/6), completed without upload
     * A G H (3/4); working days from receipt to decision A 2, B 5, C 1, D 7, G 0, H 2, so median 2 and p90 6
     * (continuous); ratings A 5, B 2, G 4 (average 3.6667), H's score taken out by an upheld appeal. H was received
     * in February.
     */
    private static final List<Fixture> FIXTURES = List.of(
            new Fixture("ADDRESS_CHANGE", "COMPLETED", "2025-03-03", "2025-03-03", "2025-03-05", "APPROVED", false,
                    "2025-03-06", null, false, false, "2025-03-07", 5), // A
            new Fixture("ADDRESS_CHANGE", "COMPLETED", "2025-03-03", "2025-03-04", "2025-03-10", "APPROVED", true,
                    "2025-03-10", null, true, true, "2025-03-11", 2), // B
            new Fixture("ADDRESS_CHANGE", "REJECTED", "2025-03-04", null, "2025-03-05", "REFUSED", false, null, null,
                    false, true, null, null), // C
            new Fixture("ADDRESS_CHANGE", "REJECTED", "2025-03-05", "2025-03-06", "2025-03-14", "REJECTED", false,
                    null, null, true, false, null, null), // D
            new Fixture("ADDRESS_CHANGE", "WITHDRAWN", "2025-03-06", null, null, null, null, null, "2025-03-07", false,
                    false, null, null), // E
            new Fixture("ADDRESS_CHANGE", "ACCEPTED", "2025-03-10", "2025-03-11", null, null, null, null, null, false,
                    true, null, null), // F
            new Fixture("HOUSEHOLD_CERTIFICATE", "COMPLETED", "2025-03-12", null, "2025-03-12", "APPROVED", false,
                    "2025-03-12", null, false, false, "2025-03-13", 4), // G
            new Fixture("ADDRESS_CHANGE", "COMPLETED", "2025-02-27", "2025-02-27", "2025-03-03", "APPROVED", false,
                    "2025-03-03", null, false, false, "2025-03-04", null)); // H

    /** This test's station (the fixture's eight applications) and its neighbour (one open application). */
    private String station;
    private String neighbour;

    @BeforeEach
    void fixture() {
        QuarkusTransaction.requiringNew().run(() -> {
            @SuppressWarnings("unchecked")
            // only districts with two stations already: tests of the demo register count stations per district
            List<String> divisions = entityManager.createNativeQuery("select division_code from station "
                    + "group by division_code having count(*) >= 2 order by division_code").getResultList();
            String division = divisions.get(new Random().nextInt(divisions.size()));
            station = newStation(division);
            neighbour = newStation(division);
            for (Fixture f : FIXTURES) {
                insert(station, division, f);
            }
            insert(neighbour, division, new Fixture("HOUSEHOLD_CERTIFICATE", "ACCEPTED", "2025-03-12", "2025-03-12",
                    null, null, null, null, null, false, true, null, null));
        });
    }

    /** A station of this test's own: the highest unused code of the district. */
    private String newStation(String division) {
        @SuppressWarnings("unchecked")
        List<String> codes = entityManager.createNativeQuery("insert into station (code, name, division_code) "
                + "select :division || lpad(cast(n as text), 2, '0'), '统计测试派出所(test) ' || n, :division "
                + "from generate_series(99, 10, -1) n where not exists (select 1 from station s "
                + "where s.code = :division || lpad(cast(n as text), 2, '0')) limit 1 on conflict do nothing "
                + "returning code").setParameter("division", division).getResultList();
        assertEquals(1, codes.size(), "no unused station code left in " + division);
        return codes.get(0);
    }

    private void insert(String stationCode, String division, Fixture f) {
        entityManager.createNativeQuery("insert into supervised_application (application_id, station_code, "
                + "division_code, service_code, status, received_on, accepted_on, decided_on, outcome, "
                + "decided_late, completed_on, withdrawn_on, supplement_requested, uploaded, evaluated_on, "
                + "score, updated_at) values (:id, :station, :division, :service, :status, "
                + "cast(:received as date), cast(:accepted as date), cast(:decided as date), :outcome, "
                + "cast(:late as boolean), cast(:completed as date), cast(:withdrawn as date), :supplement, "
                + ":uploaded, cast(:evaluated as date), cast(:score as smallint), :now)")
                .setParameter("id", UUID.randomUUID()).setParameter("station", stationCode)
                .setParameter("division", division)
                .setParameter("service", f.service()).setParameter("status", f.status())
                .setParameter("received", f.received()).setParameter("accepted", f.accepted())
                .setParameter("decided", f.decided()).setParameter("outcome", f.outcome())
                .setParameter("late", f.late() == null ? null : f.late().toString())
                .setParameter("completed", f.completed()).setParameter("withdrawn", f.withdrawn())
                .setParameter("supplement", f.supplement()).setParameter("uploaded", f.uploaded())
                .setParameter("evaluated", f.evaluated())
                .setParameter("score", f.score() == null ? null : f.score().toString())
                .setParameter("now", Instant.now()).executeUpdate();
    }

    private static String supervisor(String station) {
        return TestTokens.staff(Roles.SUPERVISOR, station).accessToken();
    }

    @Test
    void aMonthOfOneStationMatchesTheHandComputedFigures() {
        given().auth().oauth2(supervisor(station)).queryParam("from", "2025-03-01").queryParam("to", "2025-03-31")
                .get(STATS).then().statusCode(200).body("stationCode", equalTo(station))
                .body("totals.received", equalTo(7)).body("totals.accepted", equalTo(4))
                .body("totals.refused", equalTo(1)).body("totals.rejected", equalTo(1))
                .body("totals.completed", equalTo(4)).body("totals.withdrawn", equalTo(1))
                .body("totals.open", equalTo(1)).body("totals.overdue", equalTo(0))
                .body("totals.decided", equalTo(6)).body("totals.decidedLate", equalTo(1))
                .body("totals.decidedLateRate", equalTo(0.1667f))
                .body("totals.medianWorkingDaysToDecision", equalTo(2.0f))
                .body("totals.p90WorkingDaysToDecision", equalTo(6.0f))
                .body("totals.supplementRequestRate", equalTo(0.3333f))
                .body("totals.completedWithoutUploadShare", equalTo(0.75f))
                .body("totals.satisfaction.ratings", equalTo(3))
                .body("totals.satisfaction.average", equalTo(3.6667f))
                .body("totals.satisfaction.distribution.1", equalTo(0))
                .body("totals.satisfaction.distribution.2", equalTo(1))
                .body("totals.satisfaction.distribution.4", equalTo(1))
                .body("totals.satisfaction.distribution.5", equalTo(1))
                .body("rows", hasSize(2)).body("rows[0].serviceCode", equalTo("ADDRESS_CHANGE"))
                .body("rows[0].figures.received", equalTo(6))
                .body("rows[1].serviceCode", equalTo("HOUSEHOLD_CERTIFICATE"))
                .body("rows[1].figures.received", equalTo(1))
                .body("rows[1].figures.completedWithoutUploadShare", equalTo(1.0f))
                .body("rows[1].figures.medianWorkingDaysToDecision", equalTo(0.0f));
        // a city-wide supervisor narrowed to the station and the service sees that row only
        given().auth().oauth2(TestTokens.staff(Roles.SUPERVISOR, null).accessToken()).queryParam("from", "2025-03-01")
                .queryParam("to", "2025-03-31").queryParam("stationCode", station)
                .queryParam("serviceCode", "HOUSEHOLD_CERTIFICATE").get(STATS).then().statusCode(200)
                .body("totals.received", equalTo(1)).body("totals.open", equalTo(0))
                .body("totals.satisfaction.average", equalTo(4.0f));
    }

    @Test
    void prometheusGaugesPerStation() {
        gauges.refresh();
        String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        // F is the station's only open application, none is past its deadline, no evaluation in the last 30 days
        assertEquals(1.0, gauge(metrics, "errandless_supervision_open_applications", station));
        assertEquals(0.0, gauge(metrics, "errandless_supervision_open_red", station));
        assertTrue(Double.isNaN(gauge(metrics, "errandless_supervision_satisfaction_30d", station)));
        assertEquals(1.0, gauge(metrics, "errandless_supervision_open_applications", neighbour));
    }

    private static double gauge(String metrics, String name, String stationCode) {
        Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*station=\"" + stationCode + "\"[^}]*\\} (\\S+)$")
                .matcher(metrics);
        assertTrue(line.find(), name + " of " + stationCode + " in\n" + metrics.lines()
                .filter(l -> l.startsWith("errandless_supervision")).toList());
        return Double.parseDouble(line.group(1));
    }

    @Test
    void csvHasOneLinePerStationAndService() {
        String csv = given().auth().oauth2(supervisor(station)).accept("text/csv").queryParam("from", "2025-03-01")
                .queryParam("to", "2025-03-31").get(STATS).then().statusCode(200).contentType("text/csv").extract()
                .asString();
        List<String> lines = csv.lines().toList();
        assertEquals(3, lines.size(), csv);
        assertTrue(lines.get(0).startsWith("from,to,stationCode"), lines.get(0));
        assertTrue(lines.get(1).contains(",ADDRESS_CHANGE,6,"), lines.get(1));
        assertTrue(lines.get(2).contains(",HOUSEHOLD_CERTIFICATE,1,"), lines.get(2));
    }

    @Test
    void statisticsNeedASupervisorInScopeAndAGoodPeriod() {
        given().queryParam("from", "2025-03-01").queryParam("to", "2025-03-31").get(STATS).then().statusCode(401);
        given().auth().oauth2(TestTokens.staff(Roles.OFFICER, station).accessToken()).queryParam("from", "2025-03-01")
                .queryParam("to", "2025-03-31").get(STATS).then().statusCode(403).contentType(PROBLEM);
        // not yours: another station's supervisor
        given().auth().oauth2(supervisor("50010801")).queryParam("from", "2025-03-01").queryParam("to", "2025-03-31")
                .queryParam("stationCode", station).get(STATS).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        String[][] bad = { { null, "2025-03-31" }, { "2025-03-01", "march" }, { "2025-03-31", "2025-03-01" },
                { "2024-01-01", "2025-03-31" } };
        for (String[] period : bad) {
            var request = given().auth().oauth2(supervisor(station)).queryParam("to", period[1]);
            if (period[0] != null) {
                request.queryParam("from", period[0]);
            }
            request.get(STATS).then().statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"));
        }
        given().auth().oauth2(supervisor(station)).queryParam("from", "2025-03-01").queryParam("to", "2025-03-31")
                .queryParam("serviceCode", "NO_SUCH_SERVICE").get(STATS).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
    }
}
