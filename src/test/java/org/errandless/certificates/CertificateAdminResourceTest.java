package org.errandless.certificates;

import static io.restassured.RestAssured.given;
import static org.errandless.certificates.ApplicationCertificateResourceTest.problem;
import static org.errandless.certificates.CertificateFixtures.certificate;
import static org.errandless.certificates.CertificateFixtures.householdCertificate;
import static org.errandless.certificates.CertificateFixtures.verifyCode;
import static org.errandless.certificates.CertificateFixtures.verifyJws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Admins revoke certificates; verifiers then see "not valid", the holder still sees it, the trail records it. */
@QuarkusTest
class CertificateAdminResourceTest {

    static final String REASON = "Issued on a register entry that was corrected";

    @Test
    void aRevokedCertificateNoLongerVerifiesAndTheRevocationIsAudited() {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        String id = certificate(completed).extract().path("id");
        String code = certificate(completed).extract().path("verificationCode");
        String jws = certificate(completed).extract().path("jws");
        String admin = TestTokens.admin();

        revoke(admin, id, Map.of("reason", REASON)).statusCode(200).contentType("application/json")
                .body("id", equalTo(id)).body("applicationId", equalTo(completed.applicationId().toString()))
                .body("type", equalTo("HOUSEHOLD_REGISTRATION")).body("verificationCode", equalTo(code))
                .body("revokedAt", equalTo("2026-09-30T02:00:00Z")).body("revocationReason", equalTo(REASON));

        verifyCode(code).statusCode(200).body("keySet()", equalTo(Set.of("valid", "revoked")))
                .body("valid", equalTo(false)).body("revoked", equalTo(true));
        verifyJws(jws).statusCode(200).body("valid", equalTo(false)).body("revoked", equalTo(true))
                .body("reason", equalTo("revoked"));
        certificate(completed).body("revokedAt", notNullValue());

        given().auth().oauth2(admin).queryParam("action", "certificate.revoke").get("/api/v1/admin/audit").then()
                .statusCode(200).body("items.targetId", hasItem(id));

        problem(revoke(admin, id, Map.of("reason", "again")), 409, "certificate-already-revoked");
    }

    @Test
    void issuanceIsAuditedToo() {
        String id = certificate(householdCertificate("办理入学")).extract().path("id");
        given().auth().oauth2(TestTokens.admin()).queryParam("action", "certificate.issue")
                .get("/api/v1/admin/audit").then().statusCode(200).body("items.targetId", hasItem(id));
    }

    @Test
    void anUnknownCertificateIs404() {
        problem(revoke(TestTokens.admin(), UUID.randomUUID().toString(), Map.of("reason", REASON)), 404,
                "not-found");
    }

    @Test
    void aReasonIsRequired() {
        String id = certificate(householdCertificate("办理入学")).extract().path("id");
        problem(revoke(TestTokens.admin(), id, Map.of()), 400, "validation-failed");
        problem(revoke(TestTokens.admin(), id, Map.of("reason", " ")), 400, "validation-failed");
        problem(revoke(TestTokens.admin(), id, Map.of("reason", "x".repeat(501))), 400, "validation-failed");
        verifyCode(certificate(householdCertificate("办理入学")).extract().path("verificationCode"))
                .body("valid", equalTo(true));
    }

    @Test
    void onlyAdminsRevoke() {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        String id = certificate(completed).extract().path("id");
        problem(given().contentType("application/json").body(Map.of("reason", REASON))
                .post("/api/v1/admin/certificates/" + id + "/revoke").then(), 401, "unauthorized");
        problem(revoke(completed.holder().accessToken(), id, Map.of("reason", REASON)), 403, "forbidden");
        problem(revoke(TestCitizens.signIn().accessToken(), id, Map.of("reason", REASON)), 403, "forbidden");
        verifyCode(certificate(completed).extract().path("verificationCode")).body("valid", equalTo(true));
    }

    private static ValidatableResponse revoke(String token, String id, Map<String, String> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/api/v1/admin/certificates/" + id + "/revoke").then();
    }
}
