package org.errandless.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.errandless.common.security.Roles;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MeResourceTest {

    @Test
    void profileOfANewAccountIsL1() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/me").then().statusCode(200)
                .body("id", equalTo(citizen.accountId().toString())).body("phone", equalTo("+86" + citizen.phone()))
                .body("assuranceLevel", equalTo("L1")).body("name", nullValue()).body("idNumber", nullValue())
                .body("roles[0]", equalTo("CITIZEN"));
    }

    @Test
    void householdNeedsL2() {
        given().auth().oauth2(TestCitizens.signIn().accessToken()).get("/api/v1/me/household").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("assurance-too-low"));
    }

    @Test
    void withoutTokenIs401AndStaffIs403() {
        for (String path : new String[] { "/api/v1/me", "/api/v1/me/household" }) {
            given().get(path).then().statusCode(401).body("code", equalTo("unauthorized"));
            given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "50010301").accessToken()).get(path).then()
                    .statusCode(403).body("code", equalTo("forbidden"));
        }
    }
}
