package org.errandless.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Steps of the phone sign-in for tests: ask for a code, read it from the development SMS outbox, sign in. */
public final class TestOtp {

    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");

    private TestOtp() {
    }

    /** Asks for a code from a fresh client address; the raw answer. */
    public static Response request(String phone) {
        return request(phone, TestAddresses.newAddress());
    }

    /** Asks for a code from the given client address; the raw answer. */
    public static Response request(String phone, String address) {
        return given().header(TestAddresses.HEADER, address).contentType(ContentType.JSON)
                .body(Map.of("phone", phone)).post("/api/v1/auth/otp");
    }

    /** Asks for a code and answers the challenge id, failing unless the answer is 202. */
    public static String challenge(String phone) {
        return request(phone).then().statusCode(202).extract().path("challengeId");
    }

    /** The newest text to a phone, read by an admin from the development SMS outbox. */
    public static String latestText(String phone) {
        return given().auth().oauth2(TestTokens.admin()).queryParam("phone", phone)
                .get("/api/v1/admin/sms-outbox").then().statusCode(200).extract().path("items[0].text");
    }

    /** The code in the newest text to a phone. */
    public static String latestCode(String phone) {
        return codeIn(latestText(phone));
    }

    /** The six-digit code in a text. */
    public static String codeIn(String text) {
        Matcher matcher = CODE.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no code in the text");
        }
        return matcher.group(1);
    }

    /** Signs in with a code from a fresh client address; the raw answer. */
    public static Response verify(String challengeId, String code) {
        return verify(challengeId, code, TestAddresses.newAddress());
    }

    /** Signs in with a code from the given client address; the raw answer. */
    public static Response verify(String challengeId, String code, String address) {
        return given().header(TestAddresses.HEADER, address).contentType(ContentType.JSON)
                .body(Map.of("challengeId", challengeId, "code", code)).post("/api/v1/auth/otp/verify");
    }

    /** A code that is surely not {@code code}. */
    public static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }
}
