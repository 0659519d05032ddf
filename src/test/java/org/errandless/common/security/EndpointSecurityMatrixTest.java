package org.errandless.common.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Deny by default, proven over the whole published API: every operation of the spec states its security (public
 * ones say so explicitly), every protected one answers 401 without a token and 403 to a signed-in caller of a role it
 * does not allow. New endpoints are covered as soon as they are in the spec.
 */
@QuarkusTest
class EndpointSecurityMatrixTest {

    private static final List<String> ROLES = List.of(Roles.CITIZEN, Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN);

    @Test
    @SuppressWarnings("unchecked")
    void everyProtectedOperationRefusesStrangersAndWrongRoles() {
        Map<String, Map<String, Map<String, Object>>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().path("paths");
        List<String> unstated = new ArrayList<>();
        int protectedOperations = 0;
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                String method = operation.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                Map<String, Object> spec = operation.getValue();
                if (!spec.containsKey("security")) {
                    unstated.add(method + " " + path.getKey());
                    continue;
                }
                List<Map<String, List<String>>> security = (List<Map<String, List<String>>>) spec.get("security");
                if (security.isEmpty()) {
                    continue;
                }
                List<String> allowed = security.get(0).get("bearer");
                String url = path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                request(spec).request(method, url).then().statusCode(401).contentType("application/problem+json")
                        .body("code", equalTo("unauthorized"));
                String wrongRole = ROLES.stream().filter(role -> !allowed.contains(role)).findFirst().orElse(null);
                if (wrongRole != null) {
                    request(spec).auth().oauth2(token(wrongRole)).request(method, url).then().statusCode(403)
                            .contentType("application/problem+json").body("code", equalTo("forbidden"));
                }
                protectedOperations++;
            }
        }
        if (!unstated.isEmpty()) {
            fail("operations without a stated security requirement: " + unstated);
        }
        assertTrue(protectedOperations >= 15, "only " + protectedOperations + " protected operations found");
    }

    @SuppressWarnings("unchecked")
    private static RequestSpecification request(Map<String, Object> operation) {
        RequestSpecification request = given().redirects().follow(false);
        Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
        if (body == null) {
            return request;
        }
        Map<String, Object> content = (Map<String, Object>) body.get("content");
        if (content.containsKey("multipart/form-data")) {
            return request.multiPart("photo", "x.png", new byte[] { 1 }, "image/png");
        }
        if (content.containsKey("application/x-www-form-urlencoded")) {
            return request.contentType("application/x-www-form-urlencoded").formParam("grant_type", "x");
        }
        // the operation's own JSON media type (e.g. application/merge-patch+json), so content negotiation passes
        String mediaType = content.keySet().stream().filter(type -> type.contains("json")).findFirst()
                .orElse("application/json");
        // as bytes: REST Assured encodes a String only for media types it knows (not application/x-ndjson)
        return request.contentType(mediaType).body("{}".getBytes(StandardCharsets.UTF_8));
    }

    private static String token(String role) {
        return Roles.CITIZEN.equals(role) ? TestCitizens.signIn().accessToken()
                : TestTokens.staff(role, "50010301").accessToken();
    }
}
