package org.errandless.identity.staff;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.errandless.support.TestTokens;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Staff accounts made through the admin API, each with a unique username, for tests that sign in. */
final class StaffFixtures {

    static final String PASSWORD = "fixture-password-1234";
    static final String LOGIN = "/api/v1/auth/staff/login";
    static final String ADMIN_STAFF = "/api/v1/admin/staff";

    private StaffFixtures() {
    }

    /** A new account, created by a (minted) admin. */
    static Account create(String prefix, List<String> roles, String stationCode, String divisionCode) {
        String username = uniqueUsername(prefix);
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("password", PASSWORD);
        body.put("displayName", "测试 " + prefix);
        body.put("roles", roles);
        if (stationCode != null) {
            body.put("stationCode", stationCode);
        }
        if (divisionCode != null) {
            body.put("divisionCode", divisionCode);
        }
        String id = given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body)
                .post(ADMIN_STAFF).then().statusCode(201).extract().path("id");
        return new Account(UUID.fromString(id), username);
    }

    static Account officer(String stationCode) {
        return create("officer", List.of("OFFICER"), stationCode, null);
    }

    static Account admin() {
        return create("admin", List.of("ADMIN"), null, null);
    }

    static String uniqueUsername(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static Response login(String username, String password) {
        return given().contentType("application/json").body(Map.of("username", username, "password", password))
                .post(LOGIN);
    }

    /** The claims of an access token (its signature is checked by the server, not here). */
    static JsonPath claims(String accessToken) {
        String payload = accessToken.split("\\.")[1];
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    record Account(UUID id, String username) {
    }
}
