package org.errandless.applications;

import static io.restassured.RestAssured.given;
import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.as;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.errandless.common.security.Roles;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The hot reads skip the CDI interceptor of their security annotation (Quarkus REST checks it before the call):
 * the application read, {@code GET /me} and the catalogue refuse and admit exactly as before, also when the answer
 * comes from memory.
 */
@QuarkusTest
class HotReadSecurityTest {

    @Test
    void theApplicationReadAdmitsItsCitizenAndItsStationOnlyAlsoFromMemory() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String officer = TestTokens.staff(Roles.OFFICER, Apps.STATION).accessToken();
        // both answers kept in memory from here on
        String etag = as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200).extract().header("ETag");
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200);
        as(applicant.token()).header("If-None-Match", etag).get(APPLICATIONS + "/" + id).then().statusCode(304);
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200);
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200);

        given().get(APPLICATIONS + "/" + id).then().statusCode(401).contentType(PROBLEM)
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2(applicant.token() + "x").get(APPLICATIONS + "/" + id).then().statusCode(401)
                .contentType(PROBLEM).body("code", equalTo("unauthorized"));
        as(Apps.applicant().token()).get(APPLICATIONS + "/" + id).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        as(Apps.applicant().token()).header("If-None-Match", etag).get(APPLICATIONS + "/" + id).then()
                .statusCode(404);
        as(TestTokens.staff(Roles.OFFICER, "50010301").accessToken()).get(APPLICATIONS + "/" + id).then()
                .statusCode(404).body("code", equalTo("not-found"));
        for (String role : new String[] { Roles.SUPERVISOR, Roles.ADMIN }) {
            as(TestTokens.staff(role, Apps.STATION).accessToken()).get(APPLICATIONS + "/" + id).then()
                    .statusCode(403).contentType(PROBLEM).body("code", equalTo("forbidden"));
        }
        as(TestTokens.admin()).get(APPLICATIONS + "/" + UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    void meIsTheCitizensOnly() {
        var citizen = TestCitizens.signIn();
        as(citizen.accessToken()).get("/api/v1/me").then().statusCode(200);
        as(citizen.accessToken()).get("/api/v1/me").then().statusCode(200); // from memory
        given().get("/api/v1/me").then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
        as(TestTokens.staff(Roles.OFFICER, Apps.STATION).accessToken()).get("/api/v1/me").then().statusCode(403)
                .contentType(PROBLEM).body("code", equalTo("forbidden"));
    }

    @Test
    void theCatalogueIsPublicWithOrWithoutAToken() {
        given().get("/api/v1/services").then().statusCode(200);
        given().get("/api/v1/services/ADDRESS_CHANGE").then().statusCode(200);
        as(TestCitizens.signIn().accessToken()).get("/api/v1/services").then().statusCode(200);
        as(TestTokens.admin()).get("/api/v1/services/ADDRESS_CHANGE").then().statusCode(200);
        given().get("/api/v1/services/NO_SUCH_SERVICE").then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("service-not-found"));
    }
}
