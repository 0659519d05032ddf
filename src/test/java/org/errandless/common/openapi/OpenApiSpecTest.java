package org.errandless.common.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The committed spec under {@code openapi/} is what the code generates. When an API change makes this fail,
 * regenerate with {@code ./mvnw test -Dtest=OpenApiSpecTest -Derrandless.openapi.update=true} and commit the result
 * together with the change.
 */
@QuarkusTest
class OpenApiSpecTest {

    private static final Path DIRECTORY = Path.of("openapi");

    @Test
    void committedYamlIsCurrent() throws IOException {
        compare("openapi.yaml", given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200)
                .extract().asString());
    }

    @Test
    void committedJsonIsCurrent() throws IOException {
        compare("openapi.json", given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
    }

    private static void compare(String file, String generated) throws IOException {
        Path committed = DIRECTORY.resolve(file);
        String normalised = generated.replace("\r\n", "\n").stripTrailing() + "\n";
        if (Boolean.getBoolean("errandless.openapi.update")) {
            Files.createDirectories(DIRECTORY);
            Files.writeString(committed, normalised, StandardCharsets.UTF_8);
            return;
        }
        String current = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        assertEquals(current, normalised, "openapi/" + file + " is stale: regenerate it with "
                + "./mvnw test -Dtest=OpenApiSpecTest -Derrandless.openapi.update=true and commit it");
    }
}
