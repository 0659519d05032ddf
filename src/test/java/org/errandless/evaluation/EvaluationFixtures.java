package org.errandless.evaluation;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.errandless.common.security.Roles;
import org.errandless.identity.token.TokenSubject;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;

import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Applicants with decided (and undecided) applications of their own, supervisors of every scope. */
final class EvaluationFixtures {

    static final String APPLICATIONS = "/api/v1/applications";
    static final String SUPERVISION = "/api/v1/supervision/evaluations";
    static final String PROBLEM = "application/problem+json";
    /** The station of every fixture household, and its division (南岸区). */
    static final String STATION = "50010801";
    static final String DIVISION = "500108";
    /** A station and a division that do not cover the fixture households. */
    static final String OTHER_STATION = "50010301";
    static final String OTHER_DIVISION = "500103";

    private EvaluationFixtures() {
    }

    /** The head of a fresh household, signed in at L2. */
    record Applicant(String token, UUID personId, String name) {
    }

    static Applicant applicant() {
        RegistryFixtures fixtures = Arc.container().instance(RegistryFixtures.class).get();
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD, Relationship.SPOUSE)
                .member(Relationship.HEAD);
        return new Applicant(TestCitizens.boundTo(head.id()).accessToken(), head.id(), head.name());
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    static String etag(String token, String applicationId) {
        return as(token).get(APPLICATIONS + "/" + applicationId).then().statusCode(200).extract().header("ETag");
    }

    /** A HOUSEHOLD_CERTIFICATE, which completes on submission (an instant service); answers its id. */
    static String completed(Applicant applicant) {
        String id = draft(applicant, "HOUSEHOLD_CERTIFICATE", Map.of("purpose", "办理入学"));
        act(applicant.token(), id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(200);
        return id;
    }

    /** An ADDRESS_CHANGE refused by an officer of the station (不予受理); answers its id. */
    static String rejected(Applicant applicant) {
        String id = draft(applicant, "ADDRESS_CHANGE", Map.of("newAddress", "重庆市南岸区测试路8号"));
        String document = as(applicant.token()).multiPart("file", "proof.pdf", pdf(), "application/pdf")
                .post("/api/v1/documents").then().statusCode(201).extract().path("id");
        act(applicant.token(), id, "materials", Map.of("materialCode", "TENANCY_PROOF", "documentId", document))
                .then().statusCode(200);
        act(applicant.token(), id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(200);
        act(officer(), id, "reject", Map.of("reason", "租赁合同未备案")).then().statusCode(200);
        return id;
    }

    static String draft(Applicant applicant, String serviceCode, Map<String, Object> form) {
        return as(applicant.token()).contentType(ContentType.JSON)
                .body(Map.of("serviceCode", serviceCode, "form", form)).post(APPLICATIONS).then().statusCode(201)
                .extract().path("id");
    }

    /** A POST of an action on the application with the caller's current ETag. */
    static Response act(String token, String id, String action, Object body) {
        return as(token).header("If-Match", etag(token, id)).contentType(ContentType.JSON).body(body)
                .post(APPLICATIONS + "/" + id + "/" + action);
    }

    /** The applicant's evaluation, with the current ETag of the application. */
    static Response evaluate(String token, String applicationId, Object body) {
        return act(token, applicationId, "evaluation", body);
    }

    static String officer() {
        return TestTokens.staff(Roles.OFFICER, STATION).accessToken();
    }

    static String stationSupervisor(String station) {
        return TestTokens.staff(Roles.SUPERVISOR, station).accessToken();
    }

    static String districtSupervisor(String division) {
        return TestTokens.staffWithSecondFactor(new TokenSubject("STAFF", UUID.randomUUID(), Set.of(Roles.SUPERVISOR),
                Optional.empty(), Optional.empty(), Optional.of(division))).accessToken();
    }

    static String citySupervisor() {
        return TestTokens.staff(Roles.SUPERVISOR, null).accessToken();
    }

    static byte[] pdf() {
        String text = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
                + "trailer << /Root 1 0 R /Size 4 >>\n%%EOF\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
