package org.errandless.registry.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.errandless.registry.Relationship;
import org.errandless.support.TestOtp;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A register import that renames a person is shown at once in the profile ({@code GET /me}) of the account bound to
 * them, although that answer is kept in memory.
 */
@QuarkusTest
class RegisterImportProfileTest {

    @Inject
    RegisterImportWorker worker;

    @Test
    void aNameChangedByAnImportIsShownInTheProfile() {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区测试八派出所(test)");
        String household = extract.family(station, Relationship.HEAD, Relationship.SPOUSE);
        Map<String, Object> spouse = extract.get(extract.members(household).get(1));
        apply(extract);

        String phone = (String) spouse.get("mobile");
        String l1 = TestOtp.verify(TestOtp.challenge(phone), TestOtp.latestCode(phone)).then().statusCode(200)
                .extract().path("accessToken");
        String l2 = given().auth().oauth2(l1).contentType(ContentType.JSON)
                .body(Map.of("name", spouse.get("name"), "idNumber", spouse.get("idNumber")))
                .post("/api/v1/me/identity").then().statusCode(200).extract().path("tokens.accessToken");
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(l2).get("/api/v1/me").then().statusCode(200).body("name", equalTo(spouse.get("name")));
        }

        String renamed = "改名" + ((String) spouse.get("name")).substring(0, 2);
        spouse.put("name", renamed);
        apply(extract);
        given().auth().oauth2(l2).get("/api/v1/me").then().statusCode(200).body("name", equalTo(renamed));
    }

    private void apply(Extract extract) {
        String id = RegisterImportTest.post(extract);
        worker.drain();
        given().auth().oauth2(TestTokens.admin()).get(RegisterImportTest.PATH + "/" + id).then().statusCode(200)
                .body("state", equalTo("SUCCEEDED"));
    }
}
