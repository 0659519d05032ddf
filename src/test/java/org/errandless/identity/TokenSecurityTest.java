package org.errandless.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.common.security.Roles;
import org.errandless.identity.token.TokenConfig;
import org.errandless.identity.token.TokenKeys;
import org.errandless.identity.token.TokenPair;
import org.errandless.support.TestTokens;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Token verification refuses every crafted token of the brief's list; refresh rotation detects theft. */
@QuarkusTest
class TokenSecurityTest {

    private static final String PROTECTED = "/test-support/errors/admin-only";

    @Inject
    TokenKeys keys;
    @Inject
    TokenConfig config;

    @Test
    void ownTokenIsAccepted() {
        given().auth().oauth2(TestTokens.admin()).get(PROTECTED).then().statusCode(200);
    }

    @Test
    void wrongRoleIs403() {
        given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "50010301").accessToken()).get(PROTECTED).then()
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
    }

    @Test
    void algNoneIsRejected() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(0).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        expect401(jws.getCompactSerialization());
    }

    @Test
    void hmacSignedWithOurPublicKeyIsRejected() throws Exception {
        RSAPublicKey publicKey = keys.verificationKey(keys.signingKid()).orElseThrow();
        for (byte[] secret : List.of(publicKey.getEncoded(), pem(publicKey).getBytes(StandardCharsets.US_ASCII))) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims(0).toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKeyIdHeaderValue(keys.signingKid());
            jws.setKey(new HmacKey(secret));
            jws.setDoKeyValidation(false);
            expect401(jws.getCompactSerialization());
        }
    }

    @Test
    void wrongIssuerOrAudienceIsRejected() throws Exception {
        JwtClaims wrongIssuer = claims(0);
        wrongIssuer.setIssuer("https://attacker.example");
        expect401(sign(wrongIssuer, keys.signingKid()));
        JwtClaims wrongAudience = claims(0);
        wrongAudience.setAudience("someone-else");
        expect401(sign(wrongAudience, keys.signingKid()));
    }

    @Test
    void expiredTokenIsRejectedButSmallSkewIsTolerated() throws Exception {
        expect401(sign(claims(-120), keys.signingKid()));
        given().auth().oauth2(sign(claims(-5), keys.signingKid())).get(PROTECTED).then().statusCode(200);
    }

    @Test
    void aTokenOfOursIsAcceptedOnlyWithItsFamilyAndAccountType() throws Exception {
        given().auth().oauth2(sign(claims(0), keys.signingKid())).get(PROTECTED).then().statusCode(200);
        JwtClaims withoutFamily = claims(0);
        withoutFamily.unsetClaim("fam");
        expect401(sign(withoutFamily, keys.signingKid()));
        JwtClaims withoutAccountType = claims(0);
        withoutAccountType.unsetClaim("acct");
        expect401(sign(withoutAccountType, keys.signingKid()));
        JwtClaims unknownAccountType = claims(0);
        unknownAccountType.setClaim("acct", "ROBOT");
        expect401(sign(unknownAccountType, keys.signingKid()));
        JwtClaims malformedFamily = claims(0);
        malformedFamily.setClaim("fam", "not-a-family");
        expect401(sign(malformedFamily, keys.signingKid()));
    }

    @Test
    void unknownKeyIdIsRejected() throws Exception {
        expect401(sign(claims(0), "some-other-key"));
    }

    @Test
    void tamperedPayloadIsRejected() {
        String[] parts = TestTokens.admin().split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("ADMIN", "ADMIM");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        expect401(forged);
    }

    @Test
    void logoutRevokesTheSignIn() {
        TokenPair pair = TestTokens.staff(Roles.ADMIN, null);
        given().auth().oauth2(pair.accessToken()).get(PROTECTED).then().statusCode(200);
        given().auth().oauth2(pair.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
        expect401(pair.accessToken());
        given().contentType("application/json").body(Map.of("refreshToken", pair.refreshToken()))
                .post("/api/v1/auth/refresh").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void logoutNeedsAToken() {
        given().post("/api/v1/auth/logout").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void refreshRotatesAndReuseRevokesTheFamily() {
        TokenPair first = TestTokens.staff(Roles.ADMIN, null);
        TokenPair second = refresh(first.refreshToken()).then().statusCode(200)
                .body("tokenType", equalTo("Bearer")).body("expiresIn", equalTo(900))
                .body("refreshToken", not(equalTo(first.refreshToken()))).extract().as(TokenPair.class);
        given().auth().oauth2(second.accessToken()).get(PROTECTED).then().statusCode(200);
        // the spent token again: theft is assumed, the whole family dies
        refresh(first.refreshToken()).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
        refresh(second.refreshToken()).then().statusCode(401);
        expect401(second.accessToken());
        expect401(first.accessToken());
    }

    @Test
    void refreshValidatesInput() {
        given().contentType("application/json").body("{}").post("/api/v1/auth/refresh").then().statusCode(400)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("refreshToken"));
        refresh("rt_unknown").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void jwksPublishesTheSigningKey() {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys", hasSize(greaterThanOrEqualTo(1)))
                .body("keys.find { it.kid == '" + keys.signingKid() + "' }.alg", equalTo("RS256"))
                .body("keys.find { it.kid == '" + keys.signingKid() + "' }.kty", equalTo("RSA"));
        given().get("/api/v1/auth/jwks").then().statusCode(200)
                .body("keys.find { it.kid == '" + keys.signingKid() + "' }.use", equalTo("sig"));
    }

    private io.restassured.response.Response refresh(String token) {
        return given().contentType("application/json").body(Map.of("refreshToken", token))
                .post("/api/v1/auth/refresh");
    }

    private static void expect401(String token) {
        given().auth().oauth2(token).get(PROTECTED).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
    }

    /**
     * The claims of a real admin sign-in (subject, account type and family included), valid for 10 minutes unless
     * told otherwise, to be altered and signed by the test.
     */
    private JwtClaims claims(long expiresInSecondsFromNow) throws Exception {
        JwtClaims claims = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                .setSkipSignatureVerification().build().processToClaims(TestTokens.admin());
        long now = System.currentTimeMillis() / 1000;
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now - 300));
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(
                expiresInSecondsFromNow == 0 ? now + 600 : now + expiresInSecondsFromNow));
        return claims;
    }

    private String sign(JwtClaims claims, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(kid);
        jws.setKey(keys.signingKey());
        return jws.getCompactSerialization();
    }

    private static String pem(RSAPublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
