package org.errandless.certificates;

import static io.restassured.RestAssured.given;
import static org.errandless.certificates.ApplicationCertificateResourceTest.problem;
import static org.errandless.certificates.CertificateFixtures.VERIFY;
import static org.errandless.certificates.CertificateFixtures.certificate;
import static org.errandless.certificates.CertificateFixtures.householdCertificate;
import static org.errandless.certificates.CertificateFixtures.verifyCode;
import static org.errandless.certificates.CertificateFixtures.verifyJws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.errandless.common.crypto.PersonalDataMasks;
import org.errandless.support.TestAddresses;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Anyone can check a certificate, by code or presented whole; the answer is small and never an error. */
@QuarkusTest
class CertificateVerificationTest {

    @Test
    void aValidCodeAnswersTypeDateMaskedHolderAndIssuerOnly() {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        String code = certificate(completed).extract().path("verificationCode");
        String expectedHolder = PersonalDataMasks.name(completed.person().name());
        verifyCode(code).statusCode(200).contentType("application/json")
                .body("keySet()", equalTo(Set.of("valid", "type", "issuedAt", "holder", "issuer")))
                .body("valid", equalTo(true)).body("type", equalTo("HOUSEHOLD_REGISTRATION"))
                .body("issuedAt", equalTo("2026-09-30T02:00:00Z")).body("holder", equalTo(expectedHolder))
                .body("issuer", equalTo("重庆市公安局 户籍网上办理 (Errandless)"));
        // typed off paper: lower case, grouped, lookalikes
        String typed = (code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8))
                .toLowerCase(Locale.ROOT).replace('0', 'o').replace('1', 'l');
        verifyCode(typed).statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void anUnknownCodeOrNoCodeAtAllIsNotValid() {
        String unknown = VerificationCodes.next(new Random(7));
        verifyCode(unknown).statusCode(200).body("keySet()", equalTo(Set.of("valid"))).body("valid", equalTo(false));
        verifyCode("not-a-code").statusCode(200).body("keySet()", equalTo(Set.of("valid")))
                .body("valid", equalTo(false));
    }

    @Test
    void theWholeCertificateVerifies() {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        String jws = certificate(completed).extract().path("jws");
        verifyJws(jws).statusCode(200).body("valid", equalTo(true)).body("type", equalTo("HOUSEHOLD_REGISTRATION"))
                .body("holder", equalTo(PersonalDataMasks.name(completed.person().name())))
                .body("issuedAt", equalTo("2026-09-30T02:00:00Z"));
        verifyJws("  " + jws + "\n").statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void anAlteredPayloadIsABadSignature() {
        String jws = certificate(householdCertificate("办理入学")).extract().path("jws");
        String[] parts = jws.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"purpose\":\"办理入学\"", "\"purpose\":\"办理贷款\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        verifyJws(tampered).statusCode(200).body("keySet()", equalTo(Set.of("valid", "reason")))
                .body("valid", equalTo(false)).body("reason", equalTo("bad-signature"));
    }

    @Test
    void anAlteredSignatureIsABadSignature() {
        String jws = certificate(householdCertificate("办理入学")).extract().path("jws");
        String[] parts = jws.split("\\.");
        char[] signature = parts[2].toCharArray();
        // a character in the middle: the last one may carry only padding bits
        int middle = signature.length / 2;
        signature[middle] = signature[middle] == 'A' ? 'B' : 'A';
        verifyJws(parts[0] + "." + parts[1] + "." + new String(signature)).statusCode(200)
                .body("valid", equalTo(false)).body("reason", equalTo("bad-signature"));
    }

    @Test
    void aSignatureByAKeyOfSomeoneElseIsAnUnknownKey() throws Exception {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        String jws = certificate(completed).extract().path("jws");
        String payload = new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPrivateCrtKey forger = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        verifyJws(CertificateFixtures.sign(payload, forger, CertificateKeys.kid(CertificateKeys.publicOf(forger))))
                .statusCode(200).body("valid", equalTo(false)).body("reason", equalTo("unknown-key"));
        // even with the kid of our current key, another key's signature does not match
        String ourKid = jwsHeader(jws).get("kid").toString();
        verifyJws(CertificateFixtures.sign(payload, forger, ourKid)).statusCode(200)
                .body("valid", equalTo(false)).body("reason", equalTo("bad-signature"));
    }

    @Test
    void anAccessTokenIsNoCertificate() {
        verifyJws(TestCitizens.signIn().accessToken()).statusCode(200).body("valid", equalTo(false))
                .body("reason", equalTo("malformed"));
    }

    @Test
    void textThatIsNoJwsIsMalformed() {
        verifyJws("not.a.jws").statusCode(200).body("valid", equalTo(false)).body("reason", equalTo("malformed"));
        verifyJws("eyJhbGciOiJub25lIn0.e30.").statusCode(200).body("valid", equalTo(false))
                .body("reason", equalTo("malformed"));
    }

    @Test
    void aMissingOrHugeJwsIs400() {
        problem(given().header(TestAddresses.HEADER, TestAddresses.newAddress()).contentType("application/json")
                .body("{}").post(VERIFY).then(), 400, "validation-failed");
        problem(given().header(TestAddresses.HEADER, TestAddresses.newAddress()).contentType("application/json")
                .body(Map.of("jws", "x".repeat(16385))).post(VERIFY).then(), 400, "validation-failed");
        problem(given().header(TestAddresses.HEADER, TestAddresses.newAddress()).contentType("application/json")
                .body("{\"jws\":").post(VERIFY).then(), 400, "malformed-request");
    }

    @Test
    void aCertificateSignedWithANowRetiredKeyStillVerifiesAndItsKeyIsPublished() throws Exception {
        String code = VerificationCodes.next(new java.security.SecureRandom());
        CertificateFixtures.Completed completed = CertificateFixtures.issuedWithRetiredKey(code);
        String jws = certificate(completed).body("type", equalTo("COMPLETION_NOTICE")).extract().path("jws");
        String retiredKid = jwsHeader(jws).get("kid").toString();

        verifyJws(jws).statusCode(200).body("valid", equalTo(true)).body("type", equalTo("COMPLETION_NOTICE"))
                .body("issuedAt", equalTo("2025-03-01T01:00:00Z"));
        verifyCode(code).statusCode(200).body("valid", equalTo(true)).body("holder", equalTo("测*"));

        String currentKid = jwsHeader(certificate(householdCertificate("办理入学")).extract().path("jws"))
                .get("kid").toString();
        assertEquals(false, currentKid.equals(retiredKid));
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys.kid", hasItem(retiredKid)).body("keys.kid", hasItem(currentKid))
                .body("keys.find { it.kid == '" + retiredKid + "' }.alg", equalTo("RS256"))
                .body("keys.find { it.kid == '" + retiredKid + "' }.use", equalTo("sig"))
                .body("keys.find { it.kid == '" + retiredKid + "' }.d", equalTo(null));
        given().get("/api/v1/auth/jwks").then().statusCode(200).body("keys.kid", hasItem(retiredKid));
    }

    @Test
    void theCertificateKeyIsNotTheTokenKey() {
        String jws = certificate(householdCertificate("办理入学")).extract().path("jws");
        String certificateKid = jwsHeader(jws).get("kid").toString();
        String tokenKid = jwsHeader(TestCitizens.signIn().accessToken()).get("kid").toString();
        given().get("/.well-known/jwks.json").then().body("keys.kid", hasItem(certificateKid))
                .body("keys.kid", hasItem(tokenKid));
        assertEquals(false, certificateKid.equals(tokenKid));
    }

    @Test
    void bothVerificationsShareOneLimitPerClientAddress() {
        String jws = certificate(householdCertificate("办理入学")).extract().path("jws");
        String address = TestAddresses.newAddress();
        // %test allows 10 per address and hour; the business clock stands still, so the window never ends
        for (int i = 0; i < 5; i++) {
            given().header(TestAddresses.HEADER, address).get(VERIFY + "/" + VerificationCodes.next(new Random(i)))
                    .then().statusCode(200);
            given().header(TestAddresses.HEADER, address).contentType("application/json").body(Map.of("jws", jws))
                    .post(VERIFY).then().statusCode(200).body("valid", equalTo(true));
        }
        problem(given().header(TestAddresses.HEADER, address).get(VERIFY + "/" + VerificationCodes.next(new Random(9)))
                .then().header("Retry-After", notNullValue()), 429, "rate-limited");
        problem(given().header(TestAddresses.HEADER, address).contentType("application/json")
                .body(Map.of("jws", jws)).post(VERIFY).then().header("Retry-After", not("0")), 429, "rate-limited");
        // another address is not affected
        verifyJws(jws).statusCode(200).body("valid", equalTo(true));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> jwsHeader(String jws) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    Base64.getUrlDecoder().decode(jws.substring(0, jws.indexOf('.'))), Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
