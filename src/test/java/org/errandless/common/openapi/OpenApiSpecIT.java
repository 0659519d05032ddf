package org.errandless.common.openapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.specification.RequestSpecification;

/**
 * The same checks against the packaged application (test profile), and more: the packaged application serves the
 * committed files themselves ({@link CommittedOpenApiDocument}), byte for byte, whichever way a client asks.
 */
@QuarkusIntegrationTest
class OpenApiSpecIT extends OpenApiSpecTest {

    @Test
    void servesTheCommittedJsonByteForByte() throws IOException {
        byte[] committed = Files.readAllBytes(Path.of("openapi", "openapi.json"));
        assertArrayEquals(committed, document(given().queryParam("format", "json"), "/q/openapi", "application/json"));
        assertArrayEquals(committed, document(given().queryParam("format", "JSON"), "/q/openapi", "application/json"));
        assertArrayEquals(committed, document(given().accept("application/json"), "/q/openapi", "application/json"));
        assertArrayEquals(committed, document(given(), "/q/openapi.json", "application/json"));
    }

    @Test
    void servesTheCommittedYamlByteForByte() throws IOException {
        byte[] committed = Files.readAllBytes(Path.of("openapi", "openapi.yaml"));
        // YAML is the default: no format, and an Accept that names no JSON
        assertArrayEquals(committed, document(given(), "/q/openapi", "application/yaml"));
        assertArrayEquals(committed, document(given().queryParam("format", "yaml"), "/q/openapi", "application/yaml"));
        assertArrayEquals(committed, document(given().accept("application/yaml"), "/q/openapi", "application/yaml"));
        assertArrayEquals(committed, document(given(), "/q/openapi.yaml", "application/yaml"));
        assertArrayEquals(committed, document(given(), "/q/openapi.yml", "application/yaml"));
    }

    @Test
    void swaggerUiLoadsTheCommittedDocument() throws IOException {
        // the page points at /q/openapi and asks for it the way Swagger UI's fetch does
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("/q/openapi"));
        assertArrayEquals(Files.readAllBytes(Path.of("openapi", "openapi.json")),
                document(given().accept("application/json,*/*"), "/q/openapi", "application/json"));
    }

    private static byte[] document(RequestSpecification request, String path, String mediaType) {
        return request.get(path).then().statusCode(200).contentType(startsWith(mediaType)).extract().asByteArray();
    }
}
