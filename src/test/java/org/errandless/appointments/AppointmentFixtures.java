package org.errandless.appointments;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.errandless.common.security.Roles;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;

import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Stations, applicants and APPROVED ID_CARD_RENEWAL applications of their own for the appointment tests: each test
 * gets a fresh station (so its schedule and sessions are its own), never a demo person.
 */
@ApplicationScoped
public class AppointmentFixtures {

    static final String APPLICATIONS = "/api/v1/applications";
    static final String PROBLEM = "application/problem+json";

    private final Random random = new Random();

    @Inject
    EntityManager entityManager;

    /** A station of its own: an unused code in a district that has stations of the demo register already. */
    @Transactional
    public String station() {
        @SuppressWarnings("unchecked")
        // only districts that have two stations already: tests of the demo register count stations per district
        List<String> divisions = entityManager.createNativeQuery("select division_code from station "
                + "group by division_code having count(*) >= 2 order by division_code").getResultList();
        while (true) {
            String division = divisions.get(random.nextInt(divisions.size()));
            String code = division + String.format("%02d", 50 + random.nextInt(50));
            int inserted = entityManager.createNativeQuery("insert into station (code, name, division_code) values "
                    + "(:code, :name, :division) on conflict do nothing").setParameter("code", code)
                    .setParameter("name", "预约测试派出所" + code + "(test)").setParameter("division", division)
                    .executeUpdate();
            if (inserted == 1) {
                return code;
            }
        }
    }

    /** Moves a booked session's times (tests of the cut-off, as if the clock had moved on). */
    @Transactional
    public void moveSession(String station, String day, String period, String startsAt, String endsAt) {
        entityManager.createNativeQuery("update appointment_slot set starts_at = cast(:starts as timestamptz), "
                + "ends_at = cast(:ends as timestamptz) where station_code = :station and day = cast(:day as date) "
                + "and period = :period").setParameter("starts", startsAt).setParameter("ends", endsAt)
                .setParameter("station", station).setParameter("day", day).setParameter("period", period)
                .executeUpdate();
    }

    static AppointmentFixtures get() {
        return Arc.container().instance(AppointmentFixtures.class).get();
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    static String officer(String station) {
        return TestTokens.staff(Roles.OFFICER, station).accessToken();
    }

    /** An applicant of a fresh household kept by the station, signed in at L3. */
    record Applicant(String token, UUID accountId) {
    }

    static Applicant applicant(String station) {
        RegistryFixtures fixtures = Arc.container().instance(RegistryFixtures.class).get();
        RegistryFixtures.Family family = fixtures.householdAt(station, Relationship.HEAD);
        var signedIn = TestCitizens.boundAtL3(family.member(Relationship.HEAD).id());
        return new Applicant(signedIn.accessToken(), signedIn.accountId());
    }

    static String etag(String token, String id) {
        return as(token).get(APPLICATIONS + "/" + id).then().statusCode(200).extract().header("ETag");
    }

    static void act(String token, String id, String action) {
        as(token).header("If-Match", etag(token, id)).contentType(ContentType.JSON).body(Map.of())
                .post(APPLICATIONS + "/" + id + "/" + action).then().statusCode(200);
    }

    /** An ID_CARD_RENEWAL of the applicant, submitted and accepted (not yet approved); answers its id. */
    static String accepted(Applicant applicant, String officer) {
        String id = as(applicant.token()).contentType(ContentType.JSON)
                .body(Map.of("serviceCode", "ID_CARD_RENEWAL", "form", Map.of("reason", "EXPIRED")))
                .post(APPLICATIONS).then().statusCode(201).extract().path("id");
        String document = as(applicant.token()).multiPart("file", "photo.pdf", pdf(), "application/pdf")
                .post("/api/v1/documents").then().statusCode(201).extract().path("id");
        as(applicant.token()).header("If-Match", etag(applicant.token(), id)).contentType(ContentType.JSON)
                .body(Map.of("materialCode", "ID_PHOTO", "documentId", document))
                .post(APPLICATIONS + "/" + id + "/materials").then().statusCode(200);
        act(applicant.token(), id, "submit");
        act(officer, id, "accept");
        return id;
    }

    /** An ID_CARD_RENEWAL of the applicant, APPROVED: the card waits for its hand-over; answers its id. */
    static String approved(Applicant applicant, String officer) {
        String id = accepted(applicant, officer);
        act(officer, id, "approve");
        return id;
    }

    static byte[] pdf() {
        String text = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
                + "trailer << /Root 1 0 R /Size 4 >>\n%%EOF\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
