package org.errandless.certificates;

import static io.restassured.RestAssured.given;
import static org.errandless.certificates.CertificateFixtures.certificate;
import static org.errandless.certificates.CertificateFixtures.householdCertificate;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** A revocation whose answer was lost is retried with the same Idempotency-Key: the first answer, not a 409. */
@QuarkusTest
class CertificateRevocationReplayTest {

    @Test
    void aRetriedRevocationIsReplayed() {
        String id = certificate(householdCertificate("办理入学")).extract().path("id");
        String admin = TestTokens.admin();
        String key = UUID.randomUUID().toString();
        String first = revoke(admin, id, key, "Issued on a corrected register entry").statusCode(200)
                .extract().asString();
        String again = revoke(admin, id, key, "Issued on a corrected register entry").statusCode(200)
                .header("Idempotent-Replayed", "true").extract().asString();
        assertEquals(first, again);
        revoke(admin, id, key, "another reason").statusCode(422).body("code", equalTo("idempotency-key-reused"));
        revoke(admin, id, UUID.randomUUID().toString(), "Issued on a corrected register entry").statusCode(409)
                .body("code", equalTo("certificate-already-revoked"));
    }

    private static ValidatableResponse revoke(String token, String id, String key, String reason) {
        return given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("reason", reason)).post("/api/v1/admin/certificates/" + id + "/revoke").then();
    }
}
