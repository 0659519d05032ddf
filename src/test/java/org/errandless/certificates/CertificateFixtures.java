package org.errandless.certificates;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.errandless.applications.ApplicationStatus;
import org.errandless.applications.ApplicationStatusChanged;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestAddresses;
import org.errandless.support.TestCitizens;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.ValidatableResponse;

/**
 * Completed applications without the lifecycle: the tests fire {@link ApplicationStatusChanged} themselves, in a
 * transaction, with a fabricated application id, as the lifecycle does inside each transition.
 */
final class CertificateFixtures {

    static final Instant NOW = Instant.parse("2026-09-30T02:00:00Z");
    static final String STATION = "50010801";
    static final String VERIFY = "/api/v1/certificates/verify";

    private CertificateFixtures() {
    }

    /** An application completed by a citizen bound to the head of a fresh household. */
    record Completed(UUID applicationId, TestCitizens.SignedIn holder, RegistryFixtures.Family family) {
        RegistryFixtures.Member person() {
            return family.member(Relationship.HEAD);
        }

        String certificatePath() {
            return "/api/v1/applications/" + applicationId + "/certificate";
        }
    }

    static RegistryFixtures registry() {
        return Arc.container().instance(RegistryFixtures.class).get();
    }

    /** A HOUSEHOLD_CERTIFICATE application with this purpose, completed (the certificate is issued). */
    static Completed householdCertificate(String purpose) {
        return complete("HOUSEHOLD_CERTIFICATE", purpose);
    }

    static Completed complete(String serviceCode, String purpose) {
        RegistryFixtures.Family family = registry().household(Relationship.HEAD, Relationship.SPOUSE);
        TestCitizens.SignedIn holder = TestCitizens.boundTo(family.member(Relationship.HEAD).id());
        UUID applicationId = UUID.randomUUID();
        if (purpose != null) {
            TestApplicationForms.register(applicationId, JsonNodeFactory.instance.objectNode().put("purpose", purpose));
        }
        Completed completed = new Completed(applicationId, holder, family);
        fire(event(completed, serviceCode, ApplicationStatus.COMPLETED));
        return completed;
    }

    static ApplicationStatusChanged event(Completed application, String serviceCode, ApplicationStatus to) {
        return new ApplicationStatusChanged(application.applicationId(), serviceCode, application.holder().accountId(),
                application.person().id(), STATION, ApplicationStatus.SUBMITTED, to,
                to == ApplicationStatus.COMPLETED ? "submit" : "accept", 3, true, null, NOW);
    }

    /** Fires the event in a transaction of its own, as the lifecycle does in each transition's. */
    static void fire(ApplicationStatusChanged event) {
        QuarkusTransaction.requiringNew().run(() -> Arc.container().beanManager().getEvent()
                .select(ApplicationStatusChanged.class).fire(event));
    }

    /** The holder's view of the certificate, as served. */
    static ValidatableResponse certificate(Completed completed) {
        return given().auth().oauth2(completed.holder().accessToken()).get(completed.certificatePath()).then()
                .statusCode(200);
    }

    static ValidatableResponse verifyCode(String code) {
        return given().header(TestAddresses.HEADER, TestAddresses.newAddress()).get(VERIFY + "/" + code).then();
    }

    static ValidatableResponse verifyJws(String jws) {
        return given().header(TestAddresses.HEADER, TestAddresses.newAddress()).contentType("application/json")
                .body(Map.of("jws", jws)).post(VERIFY).then();
    }

    /**
     * A certificate as an earlier signing key (now retired; its public half is in the test configuration) issued it:
     * stored directly, as the issuer did back then.
     */
    static Completed issuedWithRetiredKey(String code) throws Exception {
        RegistryFixtures.Family family = registry().household(Relationship.HEAD);
        TestCitizens.SignedIn holder = TestCitizens.boundTo(family.member(Relationship.HEAD).id());
        Completed completed = new Completed(UUID.randomUUID(), holder, family);
        var retiredKey = CertificateKeys.privateKey(CertificateKeysTest.retiredTestKey());
        String kid = CertificateKeys.kid(CertificateKeys.publicOf(retiredKey));
        UUID id = UUID.randomUUID();
        Instant issuedAt = Instant.parse("2025-03-01T01:00:00Z");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "重庆市公安局 户籍网上办理 (Errandless)");
        claims.put("jti", id.toString());
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("type", "COMPLETION_NOTICE");
        claims.put("title", "办结通知书");
        claims.put("verificationCode", code);
        claims.put("applicationId", completed.applicationId().toString());
        claims.put("issuedAt", issuedAt.toString());
        claims.put("holder", Map.of("name", "测*", "idNumber", "500108********0000"));
        String json = new ObjectMapper().writeValueAsString(claims);
        String jws = sign(json, retiredKey, kid);
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(Certificates.class).get()
                .persist(new Certificate(id, completed.applicationId(), holder.accountId(), completed.person().id(),
                        CertificateType.COMPLETION_NOTICE, code, issuedAt, json, jws, kid)));
        return completed;
    }

    /** A compact JWS of the payload, shaped like ours, with any key. */
    static String sign(String payload, java.security.PrivateKey key, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", CertificateSignatures.TYPE);
        jws.setKey(key);
        return jws.getCompactSerialization();
    }
}
