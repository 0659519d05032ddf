package org.errandless.registry.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.util.Map;

import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Register imports are the one path above the HTTP layer's hard ceiling ({@code quarkus.http.limits.max-body-size},
 * 64M in production, far below an extract): with the ceiling at 256K here, an extract of 600K (below the import's own
 * limit, 1M in tests) goes through whether its length is declared or it is chunked. Guards the pair in
 * {@link RegisterImportBodyLimit}: the front door's head check takes the declared length off, its route after
 * Quarkus' limit lifts the stream limit.
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
    void anExtractAboveTheHttpCeilingGoesThroughDeclaredOrChunked() {
        byte[] declared = RegisterImportResourceTest.bigExtract(600 * 1024);
        given().auth().oauth2(TestTokens.admin()).contentType(RegisterImportTest.NDJSON).body(declared)
                .post(RegisterImportTest.PATH).then().statusCode(202);
        byte[] chunked = RegisterImportResourceTest.bigExtract(600 * 1024);
        given().auth().oauth2(TestTokens.admin()).contentType(RegisterImportTest.NDJSON)
                .body(new ByteArrayInputStream(chunked)).post(RegisterImportTest.PATH).then().statusCode(202);
        // and still refused above the import's own limit, as a problem
        given().auth().oauth2(TestTokens.admin()).contentType(RegisterImportTest.NDJSON)
                .body(RegisterImportResourceTest.bigExtract(1024 * 1024 + 100)).post(RegisterImportTest.PATH).then()
                .statusCode(413).body("code", equalTo("payload-too-large"));
    }
}
