package org.errandless.identity.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.errandless.support.TestCitizens;
import org.errandless.support.TestPartners;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Issue 11 item 9: admins grant and revoke the purposes a partner client may name
 * ({@code PUT|DELETE /api/v1/admin/clients/{id}/purposes/{purpose}}), each change on the audit trail.
 */
@QuarkusTest
class PartnerClientPurposesTest {

    private static final String CLIENTS = TestPartners.CLIENTS;

    @Test
    void adminsGrantAndRevokePurposesOnTheAuditTrail() {
        TestPartners.Client client = TestPartners.create(10, List.of(), "registry.vital.read");
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).get(CLIENTS + "/" + client.clientId()).then().statusCode(200)
                .body("purposes", empty());

        grant(admin, client.clientId(), "FUNERAL_ALLOWANCE").statusCode(200)
                .body("purposes", contains("FUNERAL_ALLOWANCE"));
        grant(admin, client.clientId(), "pension_entitlement").statusCode(200)
                .body("purposes", contains("FUNERAL_ALLOWANCE", "PENSION_ENTITLEMENT"));
        grant(admin, client.clientId(), "FUNERAL_ALLOWANCE").statusCode(200) // granted already: no change
                .body("purposes", contains("FUNERAL_ALLOWANCE", "PENSION_ENTITLEMENT"));
        revoke(admin, client.clientId(), "FUNERAL_ALLOWANCE").statusCode(200)
                .body("purposes", contains("PENSION_ENTITLEMENT"));
        revoke(admin, client.clientId(), "FUNERAL_ALLOWANCE").statusCode(200) // revoked already: no change
                .body("purposes", contains("PENSION_ENTITLEMENT"));
        given().auth().oauth2(admin).get(CLIENTS + "/" + client.clientId()).then().statusCode(200)
                .body("purposes", contains("PENSION_ENTITLEMENT"));

        given().auth().oauth2(admin).queryParam("action", "partner-client.*").queryParam("limit", 100)
                .get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.findAll { it.targetId == '" + client.clientId() + "' }.action", containsInAnyOrder(
                        "partner-client.create", "partner-client.grant-purpose", "partner-client.grant-purpose",
                        "partner-client.revoke-purpose"))
                .body("items.findAll { it.targetId == '" + client.clientId() + "' }.details.purpose",
                        hasItem("PENSION_ENTITLEMENT"));
    }

    @Test
    void purposesGivenAtRegistrationAreGranted() {
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "x", "department", "y",
                "scopes", List.of("registry.vital.read"), "dailyQuota", 5, "purposes",
                List.of("funeral_allowance", "PENSION_ENTITLEMENT"))).post(CLIENTS).then().statusCode(201)
                .body("client.purposes", contains("FUNERAL_ALLOWANCE", "PENSION_ENTITLEMENT"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "x", "department", "y",
                "scopes", List.of("registry.vital.read"), "dailyQuota", 5, "purposes", List.of("GOSSIP")))
                .post(CLIENTS).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation-failed")).body("invalidParams.name", hasItem("purposes"));
    }

    @Test
    void onlyAdminsGrantOrRevoke() {
        String id = TestPartners.create(10, List.of(), "registry.vital.read").clientId();
        String path = CLIENTS + "/" + id + "/purposes/FUNERAL_ALLOWANCE";
        for (String method : List.of("PUT", "DELETE")) {
            problem(given().request(method, path).then(), 401, "unauthorized");
            problem(given().auth().oauth2(TestCitizens.signIn().accessToken()).request(method, path).then(), 403,
                    "forbidden");
            problem(given().auth().oauth2(TestTokens.staff("OFFICER", "50010301").accessToken())
                    .request(method, path).then(), 403, "forbidden");
            TestPartners.Client partner = TestPartners.create(10, "registry.vital.read");
            problem(given().auth().oauth2(TestPartners.token(partner)).request(method, CLIENTS + "/"
                    + partner.clientId() + "/purposes/FUNERAL_ALLOWANCE").then(), 403, "forbidden");
        }
        given().auth().oauth2(TestTokens.admin()).get(CLIENTS + "/" + id).then().statusCode(200)
                .body("purposes", empty());
    }

    @Test
    void unknownClientsAre404AndUnknownPurposes400() {
        String admin = TestTokens.admin();
        String id = TestPartners.create(10, List.of(), "registry.vital.read").clientId();
        for (String method : List.of("PUT", "DELETE")) {
            problem(given().auth().oauth2(admin).request(method, CLIENTS + "/" + UUID.randomUUID()
                    + "/purposes/FUNERAL_ALLOWANCE").then(), 404, "not-found");
            problem(given().auth().oauth2(admin).request(method, CLIENTS + "/not-a-client/purposes/FUNERAL_ALLOWANCE")
                    .then(), 404, "not-found");
            problem(given().auth().oauth2(admin).request(method, CLIENTS + "/" + id + "/purposes/GOSSIP").then(),
                    400, "validation-failed").body("invalidParams.name", contains("purpose"));
            problem(given().auth().oauth2(admin).request(method, CLIENTS + "/" + id + "/purposes/%20").then(),
                    400, "validation-failed");
        }
        given().auth().oauth2(admin).get(CLIENTS + "/" + id).then().statusCode(200).body("purposes", empty());
    }

    private static ValidatableResponse grant(String admin, String clientId, String purpose) {
        return given().auth().oauth2(admin).put(CLIENTS + "/" + clientId + "/purposes/" + purpose).then();
    }

    private static ValidatableResponse revoke(String admin, String clientId, String purpose) {
        return given().auth().oauth2(admin).delete(CLIENTS + "/" + clientId + "/purposes/" + purpose).then();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }
}
