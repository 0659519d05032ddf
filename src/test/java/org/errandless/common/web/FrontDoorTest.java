package org.errandless.common.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.errandless.support.TestAddresses;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What every request passes before any resource runs: the JSON body limit whatever the framing (a chunked body is
 * refused as soon as it crosses the limit, on public and protected endpoints alike), and no character PostgreSQL
 * cannot store, through any channel (path, query, header, JSON string, form field).
 */
@QuarkusTest
class FrontDoorTest {

    private static final String PROBLEM = "application/problem+json";
    private static final long ONE_MIB = 1024 * 1024;

    @TestHTTPResource("/")
    URL base;

    // --- body limits --------------------------------------------------------------------------------------------

    @Test
    void aChunkedJsonBodyIsRefusedAsSoonAsItCrossesTheLimitOnAPublicEndpoint() throws Exception {
        // the body is never finished: only a server that counts the chunks as they come can answer at all
        try (RawHttp http = new RawHttp(base)) {
            http.head("POST /api/v1/auth/otp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + TestAddresses.HEADER + ": " + TestAddresses.newAddress() + "\r\nTransfer-Encoding: chunked");
            http.chunked("{\"phone\":\"", ONE_MIB + 256 * 1024, 16 * 1024, false);
            RawHttp.Answer answer = http.answer();
            assertEquals(413, answer.status(), answer.text());
            assertEquals("payload-too-large", JsonPath.from(answer.body()).getString("code"), answer.text());
            assertTrue(answer.text().toLowerCase().contains("connection: close"), answer.text());
        }
    }

    @Test
    void aChunkedJsonBodyIsRefusedAsSoonAsItCrossesTheLimitOnAProtectedEndpoint() throws Exception {
        String token = TestCitizens.signIn().accessToken();
        try (RawHttp http = new RawHttp(base)) {
            http.head("POST /api/v1/applications HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + token + "\r\nTransfer-Encoding: chunked");
            http.chunked("{\"serviceCode\":\"", ONE_MIB + 256 * 1024, 16 * 1024, false);
            RawHttp.Answer answer = http.answer();
            assertEquals(413, answer.status(), answer.text());
            assertEquals("payload-too-large", JsonPath.from(answer.body()).getString("code"), answer.text());
        }
    }

    @Test
    void aWholeChunkedBodyOfTwoMebibytesIsRefused() throws Exception {
        try (RawHttp http = new RawHttp(base)) {
            http.head("POST /test-support/errors HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked");
            http.chunked("{\"name\":\"", 2 * ONE_MIB, 64 * 1024, true);
            RawHttp.Answer answer = http.answer();
            assertEquals(413, answer.status(), answer.text());
            assertEquals("payload-too-large", JsonPath.from(answer.body()).getString("code"));
        }
    }

    @Test
    void aSmallChunkedBodyStillReachesTheResource() throws Exception {
        try (RawHttp http = new RawHttp(base)) {
            http.head("POST /test-support/errors HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked");
            byte[] json = "{\"name\":\"chunked\",\"count\":3}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            http.chunked(new String(json, java.nio.charset.StandardCharsets.UTF_8), json.length, 1, true).get();
            RawHttp.Answer answer = http.answer();
            assertEquals(200, answer.status(), answer.text());
            assertEquals("chunked", JsonPath.from(answer.body()).getString("name"));
        }
        // and with a declared length, the ordinary way
        given().contentType(ContentType.JSON).body("{\"name\":\"sized\",\"count\":1}").post("/test-support/errors")
                .then().statusCode(200).body("name", equalTo("sized"));
    }

    // --- characters PostgreSQL cannot store ---------------------------------------------------------------------

    @Test
    void aNulInThePathIsMalformed() {
        given().urlEncodingEnabled(false).get("/api/v1/services/%00").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("malformed-request"));
        given().urlEncodingEnabled(false).get("/api/v1/services/BIRTH%00REGISTRATION").then().statusCode(400)
                .body("code", equalTo("malformed-request"));
    }

    @Test
    void aNulInTheQueryIsMalformed() {
        given().auth().oauth2(TestTokens.admin()).urlEncodingEnabled(false).get("/api/v1/admin/audit?action=a%00b")
                .then().statusCode(400).contentType(PROBLEM).body("code", equalTo("malformed-request"));
    }

    @Test
    void aNulInAHeaderIsRefusedBeforeAnyResourceRuns() throws Exception {
        // the HTTP codec itself refuses a raw NUL in a header value (a bare 400, the connection closed): the request
        // never reaches the application, let alone the database; the front door would refuse it with a problem
        // where a codec lets it through
        try (RawHttp http = new RawHttp(base)) {
            http.head("POST /api/v1/auth/otp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + TestAddresses.HEADER + ": " + TestAddresses.newAddress() + "\r\n"
                    + "Idempotency-Key: key\0with-nul\r\nContent-Length: 2\r\n\r\n{}");
            RawHttp.Answer answer = http.answer();
            assertEquals(400, answer.status(), answer.text());
            if (!answer.body().isEmpty()) {
                assertEquals("malformed-request", JsonPath.from(answer.body()).getString("code"), answer.text());
            }
        }
        assertTrue(StorableText.inHeader("Idempotency-Key", "key\0with-nul").isPresent());
    }

    @Test
    void aNulInAJsonStringIsMalformed() {
        for (String body : new String[] { "{\"username\":\"officer\\u0000x\",\"password\":\"whatever-password\"}",
                "{\"username\":\"officer\",\"password\":\"what\\u0000ever\"}",
                "{\"username\":\"\\ud800officer\",\"password\":\"whatever-password\"}" }) {
            given().header(TestAddresses.HEADER, TestAddresses.newAddress()).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/auth/staff/login").then().statusCode(400).contentType(PROBLEM)
                    .body("code", equalTo("malformed-request"));
        }
    }

    @Test
    void aNulInAJsonStringThatWouldBeStoredIsMalformedNotAServerError() {
        // a free-text field that goes straight into a text column: PostgreSQL refuses the NUL (a 500 before)
        for (String displayName : new String[] { "李\\u0000警官", "李\\udc00警官" }) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body("{\"username\":\"officer.nul." + Math.abs(displayName.hashCode()) + "\",\"password\":"
                            + "\"correct-horse-battery-staple\",\"displayName\":\"" + displayName + "\","
                            + "\"roles\":[\"OFFICER\"],\"stationCode\":\"50010301\"}")
                    .post("/api/v1/admin/staff").then().statusCode(400).contentType(PROBLEM)
                    .body("code", equalTo("malformed-request"));
        }
    }

    @Test
    void aNulInAFormFieldIsMalformed() {
        given().contentType(ContentType.URLENC).urlEncodingEnabled(false)
                .body("grant_type=client_credentials&client_id=a%00b&client_secret=x").post("/api/v1/auth/clients/token")
                .then().statusCode(400).contentType(PROBLEM).body("code", equalTo("malformed-request"));
    }

    @Test
    void escapedBackslashesAndPairedSurrogatesAreFine() {
        given().contentType(ContentType.JSON).body("{\"name\":\"a\\\\u0000 \\ud83d\\ude00 家\",\"count\":1}")
                .post("/test-support/errors").then().statusCode(200).body("name", equalTo("a\\u0000 \ud83d\ude00 家"));
    }
}
