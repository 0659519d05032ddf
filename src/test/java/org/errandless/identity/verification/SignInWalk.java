package org.errandless.identity.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.errandless.support.TestAddresses;

import io.restassured.http.ContentType;

/**
 * The whole sign-in of a citizen over HTTP, as the identity issue asks for it: request a code, read it from the
 * outbox, sign in (L1), verify name and ID number (L2), pass the face check (L3), refresh, then reuse the spent refresh
 * token and see the whole sign-in revoked. Subclasses choose the person and how the admin signs in.
 */
abstract class SignInWalk {

    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");

    /** An admin's access token, to read the development SMS outbox. */
    abstract String adminToken();

    void walk(String phone, String name, String idNumber) {
        String challenge = given().header(TestAddresses.HEADER, TestAddresses.newAddress())
                .contentType(ContentType.JSON).body(Map.of("phone", phone)).post("/api/v1/auth/otp").then()
                .statusCode(202).extract().path("challengeId");
        String text = given().auth().oauth2(adminToken()).queryParam("phone", phone).get("/api/v1/admin/sms-outbox")
                .then().statusCode(200).extract().path("items[0].text");
        Matcher code = CODE.matcher(text);
        if (!code.find()) {
            throw new AssertionError("no code in the SMS");
        }
        String l1 = given().header(TestAddresses.HEADER, TestAddresses.newAddress()).contentType(ContentType.JSON)
                .body(Map.of("challengeId", challenge, "code", code.group(1))).post("/api/v1/auth/otp/verify").then()
                .statusCode(200).extract().path("accessToken");
        given().auth().oauth2(l1).get("/api/v1/me").then().statusCode(200).body("assuranceLevel", equalTo("L1"));

        String l2 = given().auth().oauth2(l1).contentType(ContentType.JSON)
                .body(Map.of("name", name, "idNumber", idNumber)).post(Verifications.IDENTITY).then().statusCode(200)
                .body("profile.assuranceLevel", equalTo("L2")).body("profile.name", equalTo(name))
                .body("profile.idNumber", equalTo(idNumber.substring(0, 6) + "********" + idNumber.substring(14)))
                .extract().path("tokens.accessToken");
        given().auth().oauth2(l2).get("/api/v1/me/household").then().statusCode(200);

        Map<String, String> l3 = given().auth().oauth2(l2).multiPart("photo", "face.png",
                Verifications.png(480, 480), "image/png").post(Verifications.FACE).then().statusCode(200)
                .body("profile.assuranceLevel", equalTo("L3")).extract().path("tokens");
        given().auth().oauth2(l3.get("accessToken")).get("/api/v1/me").then().statusCode(200)
                .body("assuranceLevel", equalTo("L3"));

        Map<String, String> refreshed = refresh(l3.get("refreshToken")).then().statusCode(200).extract().path("$");
        given().auth().oauth2(refreshed.get("accessToken")).get("/api/v1/me").then().statusCode(200)
                .body("assuranceLevel", equalTo("L3"));
        // the spent token again: the whole sign-in is revoked, the fresh pair included
        refresh(l3.get("refreshToken")).then().statusCode(401).body("code", equalTo("unauthorized"));
        refresh(refreshed.get("refreshToken")).then().statusCode(401);
        given().auth().oauth2(refreshed.get("accessToken")).get("/api/v1/me").then().statusCode(401);
    }

    private static io.restassured.response.Response refresh(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", token)).post("/api/v1/auth/refresh");
    }
}
