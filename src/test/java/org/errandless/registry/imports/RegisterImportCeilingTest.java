package org.errandless.registry.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Register imports are the one path above the HTTP layer's hard ceiling ({@code quarkus.http.limits.max-body-size},
 * 64M in production, far below an extract): with the ceiling at 256K here, a body of 600K (below the import's own
 * limit, 1M in tests) reaches the import whole, whether its length is declared or it is chunked. Guards the pair in
 * {@link RegisterImportBodyLimit}: the front door's head check takes the declared length off, its route after
 * Quarkus' limit lifts the stream limit (without either, the HTTP layer answers a bare 413 or cuts the stream off).
 * The body is blank lines, so the import reads all of it before it refuses it (400, no records) and stages nothing:
 * no test station code is spent.
 */
@QuarkusTest
@TestProfile(RegisterImportCeilingTest.LowCeiling.class)
class RegisterImportCeilingTest {

    /** The HTTP layer's hard ceiling below an extract. */
    public static class LowCeiling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.limits.max-body-size", "256K");
        }
    }

    @Test
    void aBodyAboveTheHttpCeilingReachesTheImportDeclaredOrChunked() {
        byte[] blank = "\n   \n".repeat(600 * 1024 / 5).getBytes(StandardCharsets.US_ASCII);
        given().auth().oauth2(TestTokens.admin()).contentType(RegisterImportTest.NDJSON).body(blank)
                .post(RegisterImportTest.PATH).then().statusCode(400).body("code", equalTo("malformed-request"));
        given().auth().oauth2(TestTokens.admin()).contentType(RegisterImportTest.NDJSON)
                .body(new ByteArrayInputStream(blank)).post(RegisterImportTest.PATH).then().statusCode(400)
                .body("code", equalTo("malformed-request"));
        // and still refused by its declared length above the import's own limit, as a problem
        given().auth().oauth2(TestTokens.admin()).contentType(RegisterImportTest.NDJSON)
                .body(new byte[1024 * 1024 + 100]).post(RegisterImportTest.PATH).then().statusCode(413)
                .body("code", equalTo("payload-too-large"));
    }
}
