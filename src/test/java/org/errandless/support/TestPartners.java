package org.errandless.support;

import static io.restassured.RestAssured.given;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.errandless.sharing.Purpose;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Registers partner clients through the admin API and gets their tokens through the token endpoint, for tests of
 * partner checks. Each client gets a department name of its own, so tests can find their records.
 */
public final class TestPartners {

    public static final String CLIENTS = "/api/v1/admin/clients";
    public static final String TOKEN = "/api/v1/auth/clients/token";

    private TestPartners() {
    }

    /** A registered client and its secret. */
    public record Client(String clientId, String secret, String department) {
    }

    /** A new client with these scopes and daily quota, granted every purpose. */
    public static Client create(int dailyQuota, String... scopes) {
        return create(dailyQuota, Arrays.stream(Purpose.values()).map(Purpose::name).toList(), scopes);
    }

    /** A new client with these scopes, daily quota and purposes. */
    public static Client create(int dailyQuota, List<String> purposes, String... scopes) {
        String department = "测试部门-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = Map.of("name", "测试客户端", "department", department, "scopes", List.of(scopes),
                "dailyQuota", dailyQuota, "purposes", purposes);
        var created = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .post(CLIENTS).then().statusCode(201).extract();
        return new Client(created.path("clientId"), created.path("clientSecret"), department);
    }

    /** Asks the token endpoint (client_secret_post); {@code scope} may be null. */
    public static ValidatableResponse requestToken(String clientId, String secret, String scope) {
        var request = given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", secret);
        if (scope != null) {
            request.formParam("scope", scope);
        }
        return request.post(TOKEN).then();
    }

    /** An access token carrying all of the client's scopes. */
    public static String token(Client client) {
        return requestToken(client.clientId(), client.secret(), null).statusCode(200).extract().path("access_token");
    }
}
