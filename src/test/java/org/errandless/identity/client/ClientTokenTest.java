package org.errandless.identity.client;

import static io.restassured.RestAssured.given;
import static org.errandless.support.TestPartners.CLIENTS;
import static org.errandless.support.TestPartners.TOKEN;
import static org.errandless.support.TestPartners.requestToken;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.errandless.support.TestCitizens;
import org.errandless.support.TestPartners;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ClientTokenTest {

    /** The token endpoint URL of the test profile ({@code errandless.partners.token-endpoint-url}). */
    private static final String ENDPOINT = "https://errandless.example/api/v1/auth/clients/token";

    private static final String PURPOSES_CHECK = "/api/v1/partner/residency-checks";

    @Test
    void issuesAShortLivedTokenWithTheGrantedScopes() throws Exception {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read", "registry.vital.read");
        var answer = requestToken(client.clientId(), client.secret(), null).statusCode(200)
                .contentType(ContentType.JSON).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(300))
                .body("scope", equalTo("registry.person.read registry.vital.read")).extract();
        Map<String, Object> claims = claims(answer.path("access_token"));
        assertEquals(client.clientId(), claims.get("sub"));
        assertEquals("PARTNER", claims.get("acct"));
        assertEquals(List.of("PARTNER"), claims.get("groups"));
        assertEquals("registry.person.read registry.vital.read", claims.get("scope"));
        assertEquals(300L, ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue());
        // a client's tokens belong to the client: disabling it ends them all
        assertEquals(client.clientId(), claims.get("fam"));
    }

    @Test
    void aRetryWithTheSameKeyReplaysTheTokenStillUncached() {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read");
        String key = java.util.UUID.randomUUID().toString();
        String first = given().header("Idempotency-Key", key).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", client.clientId())
                .formParam("client_secret", client.secret()).post(TOKEN).then().statusCode(200)
                .header("Cache-Control", "no-store").extract().path("access_token");
        given().header("Idempotency-Key", key).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", client.clientId())
                .formParam("client_secret", client.secret()).post(TOKEN).then().statusCode(200)
                .header("Idempotent-Replayed", "true").header("Cache-Control", "no-store")
                .body("access_token", equalTo(first));
    }

    @Test
    void adminActionsAreOnTheAuditTrail() {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read");
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).post(CLIENTS + "/" + client.clientId() + "/secret").then().statusCode(200)
                .header("Cache-Control", "no-store");
        given().auth().oauth2(admin).post(CLIENTS + "/" + client.clientId() + "/disable").then().statusCode(200);
        given().auth().oauth2(admin).queryParam("action", "partner-client.*").queryParam("limit", 100)
                .get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.findAll { it.targetId == '" + client.clientId() + "' }.action",
                        org.hamcrest.Matchers.containsInAnyOrder(
                        "partner-client.create", "partner-client.rotate-secret", "partner-client.disable"));
    }

    @Test
    void issuesAndRefusalsAreOnTheAuditTrail() {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read");
        requestToken(client.clientId(), client.secret(), null).statusCode(200);
        requestToken(client.clientId(), client.secret(), "registry.vital.read").statusCode(400);
        given().auth().oauth2(TestTokens.admin()).queryParam("action", "auth.client.token")
                .queryParam("actorId", client.clientId()).get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.outcome", org.hamcrest.Matchers.containsInAnyOrder("SUCCESS", "DENIED"))
                .body("items.actorLabel", hasItems(client.department()));
    }

    @Test
    void narrowsToTheScopesAskedFor() throws Exception {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read", "registry.vital.read");
        String token = requestToken(client.clientId(), client.secret(), "registry.vital.read").statusCode(200)
                .body("scope", equalTo("registry.vital.read")).extract().path("access_token");
        assertEquals("registry.vital.read", claims(token).get("scope"));
    }

    @Test
    void acceptsHttpBasicClientAuthentication() {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read");
        String basic = Base64.getEncoder()
                .encodeToString((client.clientId() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8));
        given().header("Authorization", "Basic " + basic).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").post(TOKEN).then().statusCode(200)
                .body("access_token", notNullValue());
    }

    @Test
    void wrongSecretIsInvalidClient() {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read");
        refused(requestToken(client.clientId(), client.secret() + "x", null), 401, "invalid_client");
        refused(requestToken("not-a-client", client.secret(), null), 401, "invalid_client");
        refused(requestToken(java.util.UUID.randomUUID().toString(), client.secret(), null), 401, "invalid_client");
        refused(given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").post(TOKEN)
                .then(), 401, "invalid_client");
    }

    @Test
    void scopeNotGrantedIsInvalidScope() {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read");
        refused(requestToken(client.clientId(), client.secret(), "registry.person.read registry.vital.read"), 400,
                "invalid_scope");
        refused(requestToken(client.clientId(), client.secret(), "admin"), 400, "invalid_scope");
    }

    @Test
    void onlyClientCredentialsIsSupported() {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read");
        refused(given().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("client_id", client.clientId()).formParam("client_secret", client.secret()).post(TOKEN)
                .then(), 400, "unsupported_grant_type");
        refused(given().contentType(ContentType.URLENC).formParam("client_id", client.clientId())
                .formParam("client_secret", client.secret()).post(TOKEN).then(), 400, "invalid_request");
    }

    @Test
    void privateKeyJwtAuthenticatesOnceWithTheRegisteredKey() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair keys = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----";
        var created = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "key client", "department", "重庆市民政局", "scopes",
                        List.of("registry.person.read"), "dailyQuota", 5, "publicKey", pem))
                .post(CLIENTS).then().statusCode(201).body("clientSecret", nullValue())
                .body("client.authentication", equalTo(List.of("private_key_jwt"))).extract();
        String clientId = created.path("clientId");
        String assertion = assertion(clientId, ENDPOINT, keys.getPrivate());
        assertionRequest(assertion).statusCode(200).header("Cache-Control", "no-store")
                .body("scope", equalTo("registry.person.read"));
        refused(assertionRequest(assertion), 401, "invalid_client"); // each jti once
        refused(assertionRequest(assertion(clientId, "https://elsewhere.example/token", keys.getPrivate())), 401,
                "invalid_client");
        java.security.KeyPair stranger = generator.generateKeyPair();
        refused(assertionRequest(assertion(clientId, ENDPOINT,
                stranger.getPrivate())), 401, "invalid_client");
        refused(given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_assertion_type", "urn:example:other")
                .formParam("client_assertion", assertion(clientId, ENDPOINT,
                        keys.getPrivate())).post(TOKEN).then(), 401, "invalid_client");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "department", "y", "scopes", List.of("registry.person.read"),
                        "dailyQuota", 5, "publicKey", "not a key"))
                .post(CLIENTS).then().statusCode(400).body("code", equalTo("validation-failed"))
                .body("invalidParams.name", hasItems("publicKey"));
    }

    /**
     * Issue 11 item 9: an assertion's audience is exactly our configured token endpoint URL and nothing besides (on
     * main any URL ending in the endpoint's path passed, on any host, and so did our issuer).
     */
    @Test
    void anAssertionsAudienceIsExactlyOurTokenEndpoint() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair keys = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----";
        String clientId = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "key client", "department", "重庆市民政局", "scopes",
                        List.of("registry.person.read"), "dailyQuota", 5, "publicKey", pem))
                .post(CLIENTS).then().statusCode(201).extract().path("clientId");
        for (String audience : List.of("http://localhost/api/v1/auth/clients/token",
                "https://elsewhere.example/api/v1/auth/clients/token",
                "https://errandless.example.evil.example/api/v1/auth/clients/token",
                "http://errandless.example/api/v1/auth/clients/token", ENDPOINT + "/",
                "https://ERRANDLESS.example/api/v1/auth/clients/token/../token",
                "https://errandless.example/api" /* our issuer, accepted on main */)) {
            refused(assertionRequest(assertion(clientId, audience, keys.getPrivate())), 401, "invalid_client");
        }
        // our endpoint among other audiences: an assertion meant for several servers is refused too
        String several = io.smallrye.jwt.build.Jwt.issuer(clientId).subject(clientId)
                .audience(java.util.Set.of(ENDPOINT, "https://elsewhere.example/token"))
                .claim("jti", java.util.UUID.randomUUID().toString())
                .expiresAt(java.time.Instant.now().getEpochSecond() + 60).jws()
                .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(keys.getPrivate());
        refused(assertionRequest(several), 401, "invalid_client");
        assertionRequest(assertion(clientId, ENDPOINT, keys.getPrivate())).statusCode(200);
    }

    private static String assertion(String clientId, String audience, java.security.PrivateKey key) {
        return io.smallrye.jwt.build.Jwt.issuer(clientId).subject(clientId).audience(audience)
                .claim("jti", java.util.UUID.randomUUID().toString())
                .expiresAt(java.time.Instant.now().getEpochSecond() + 60).jws()
                .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
    }

    private static io.restassured.response.ValidatableResponse assertionRequest(String assertion) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .formParam("client_assertion", assertion).post(TOKEN).then();
    }

    @Test
    void aDisabledClientGetsNoTokenAndItsTokensStopAtOnce() {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read");
        String token = TestPartners.token(client);
        check(token).statusCode(422); // accepted up to the purpose
        given().auth().oauth2(TestTokens.admin()).post(CLIENTS + "/" + client.clientId() + "/disable").then()
                .statusCode(200).body("disabled", equalTo(true));
        check(token).statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"));
        refused(requestToken(client.clientId(), client.secret(), null), 401, "invalid_client");
    }

    @Test
    void rotationReturnsANewSecretOnceAndTheOldOneStops() {
        TestPartners.Client client = TestPartners.create(10, "registry.person.read");
        String secret = given().auth().oauth2(TestTokens.admin()).post(CLIENTS + "/" + client.clientId() + "/secret")
                .then().statusCode(200).body("clientId", equalTo(client.clientId())).extract().path("clientSecret");
        assertNotEquals(client.secret(), secret);
        refused(requestToken(client.clientId(), client.secret(), null), 401, "invalid_client");
        requestToken(client.clientId(), secret, null).statusCode(200);
        given().auth().oauth2(TestTokens.admin()).get(CLIENTS + "/" + client.clientId()).then().statusCode(200)
                .body("$", not(org.hamcrest.Matchers.hasKey("clientSecret")))
                .body("scopes", equalTo(List.of("registry.person.read")));
    }

    @Test
    void adminCreateValidatesAndIsIdempotent() {
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "department", "y", "scopes", List.of("registry.all"), "dailyQuota", 5))
                .post(CLIENTS).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation-failed"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "department", "y", "scopes", List.of("registry.person.read"),
                        "dailyQuota", 0))
                .post(CLIENTS).then().statusCode(400).body("code", equalTo("validation-failed"))
                .body("invalidParams.name", hasItems("dailyQuota"));
        Map<String, Object> body = Map.of("name", "x", "department", "y", "scopes", List.of("registry.person.read"),
                "dailyQuota", 5);
        String key = java.util.UUID.randomUUID().toString();
        String first = given().auth().oauth2(admin).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post(CLIENTS).then().statusCode(201).header("Location", notNullValue()).extract()
                .path("clientId");
        given().auth().oauth2(admin).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post(CLIENTS).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("clientId", equalTo(first));
        given().auth().oauth2(admin).get(CLIENTS + "/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not-found"));
    }

    @Test
    void adminsListClientsInPages() {
        TestPartners.create(10, "registry.person.read");
        TestPartners.create(10, "registry.person.read");
        String admin = TestTokens.admin();
        var first = given().auth().oauth2(admin).queryParam("limit", 1).get(CLIENTS).then().statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(1)).body("items[0].clientSecret", nullValue())
                .extract();
        String cursor = first.path("nextCursor");
        given().auth().oauth2(admin).queryParam("limit", 1).queryParam("cursor", cursor).get(CLIENTS).then()
                .statusCode(200).body("items[0].clientId", not(equalTo(first.path("items[0].clientId"))));
        given().auth().oauth2(admin).queryParam("cursor", "nonsense").get(CLIENTS).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("validation-failed"));
    }

    @Test
    void onlyAdminsManageClients() {
        given().contentType(ContentType.JSON).body("{}").post(CLIENTS).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
        given().auth().oauth2(TestCitizens.signIn().accessToken()).contentType(ContentType.JSON).body("{}")
                .post(CLIENTS).then().statusCode(403).body("code", equalTo("forbidden"));
        String partner = TestPartners.token(TestPartners.create(10, "registry.person.read"));
        given().auth().oauth2(partner).contentType(ContentType.JSON).body("{}").post(CLIENTS).then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    private static io.restassured.response.ValidatableResponse check(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("idNumber", "110101199003074578")).post(PURPOSES_CHECK).then();
    }

    private static void refused(io.restassured.response.ValidatableResponse response, int status, String error) {
        response.statusCode(status).contentType(ContentType.JSON).header("Cache-Control", "no-store")
                .body("error", equalTo(error)).body("error_description", notNullValue())
                .body("keySet()", equalTo(Set.of("error", "error_description")))
                .body("code", nullValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(String jwt) throws Exception {
        String payload = jwt.split("\\.")[1];
        return new ObjectMapper().readValue(Base64.getUrlDecoder().decode(payload), Map.class);
    }
}
