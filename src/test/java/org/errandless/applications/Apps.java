package org.errandless.applications;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;

import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** HTTP helpers for the application tests: fresh applicants, documents, applications and guarded transitions. */
final class Apps {

    static final String APPLICATIONS = "/api/v1/applications";
    static final String PROBLEM = "application/problem+json";
    /** The station of every fixture household. */
    static final String STATION = "50010801";

    private Apps() {
    }

    /** A fresh household; its head signed in at L2 (or L3). */
    static Applicant applicant(boolean l3) {
        RegistryFixtures fixtures = Arc.container().instance(RegistryFixtures.class).get();
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        var head = family.member(Relationship.HEAD);
        var signedIn = l3 ? TestCitizens.boundAtL3(head.id()) : TestCitizens.boundTo(head.id());
        return new Applicant(signedIn.accessToken(), signedIn.accountId(), family);
    }

    static Applicant applicant() {
        return applicant(false);
    }

    record Applicant(String token, java.util.UUID accountId, RegistryFixtures.Family family) {
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    static Response create(String token, String serviceCode, Map<String, Object> form) {
        return as(token).contentType(ContentType.JSON).body(Map.of("serviceCode", serviceCode, "form", form))
                .post(APPLICATIONS);
    }

    /** A new DRAFT; answers its id. */
    static String draft(String token, String serviceCode) {
        return create(token, serviceCode, Map.of()).then().statusCode(201).extract().path("id");
    }

    static String etag(String token, String id) {
        return as(token).get(APPLICATIONS + "/" + id).then().statusCode(200).extract().header("ETag");
    }

    /** An uploaded PDF of the caller's; answers its id. */
    static String document(String token) {
        return as(token).multiPart("file", "proof.pdf", pdf(), "application/pdf").post("/api/v1/documents").then()
                .statusCode(201).extract().path("id");
    }

    static Response attach(String token, String id, String materialCode, String documentId) {
        return as(token).header("If-Match", etag(token, id)).contentType(ContentType.JSON)
                .body(Map.of("materialCode", materialCode, "documentId", documentId))
                .post(APPLICATIONS + "/" + id + "/materials");
    }

    /** A POST of an action with the caller's current ETag. */
    static Response act(String token, String id, String action, Object body) {
        return as(token).header("If-Match", etag(token, id)).contentType(ContentType.JSON).body(body)
                .post(APPLICATIONS + "/" + id + "/" + action);
    }

    static Response act(String token, String id, String action) {
        return act(token, id, action, Map.of());
    }

    /** An ADDRESS_CHANGE (L2, 5 working days) with a tenancy proof uploaded, SUBMITTED; answers its id. */
    static String submittedAddressChange(Applicant applicant) {
        String id = create(applicant.token(), "ADDRESS_CHANGE", Map.of("newAddress", "重庆市南岸区测试路2号"))
                .then().statusCode(201).extract().path("id");
        attach(applicant.token(), id, "TENANCY_PROOF", document(applicant.token())).then().statusCode(200);
        act(applicant.token(), id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(200);
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
