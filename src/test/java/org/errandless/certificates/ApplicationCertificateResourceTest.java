package org.errandless.certificates;

import static io.restassured.RestAssured.given;
import static org.errandless.certificates.CertificateFixtures.certificate;
import static org.errandless.certificates.CertificateFixtures.householdCertificate;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.errandless.common.security.Roles;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The holder, and only the holder, sees the certificate and its QR code. */
@QuarkusTest
class ApplicationCertificateResourceTest {

    static final String PROBLEM = "application/problem+json";

    @Test
    void theHolderGetsTheCertificateWithItsVerificationUrl() {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        String code = certificate(completed).header("ETag", notNullValue())
                .body("id", notNullValue())
                .body("verificationUrl", notNullValue())
                .extract().path("verificationCode");
        certificate(completed).body("verificationUrl",
                equalTo("https://errandless.example/api/v1/certificates/verify/" + code));
    }

    @Test
    void anUnchangedCertificateIsNotModified() {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        String tag = certificate(completed).extract().header("ETag");
        given().auth().oauth2(completed.holder().accessToken()).header("If-None-Match", tag)
                .get(completed.certificatePath()).then().statusCode(304);
    }

    @Test
    void anotherCitizenGets404AsIfThereWereNone() {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        String stranger = TestCitizens.signIn().accessToken();
        problem(given().auth().oauth2(stranger).get(completed.certificatePath()).then(), 404, "not-found");
        problem(given().auth().oauth2(stranger).get(completed.certificatePath() + "/qr.png").then(), 404,
                "not-found");
    }

    @Test
    void anApplicationWithoutCertificateIs404() {
        String token = TestCitizens.signIn().accessToken();
        problem(given().auth().oauth2(token).get("/api/v1/applications/" + UUID.randomUUID() + "/certificate")
                .then(), 404, "not-found");
        problem(given().auth().oauth2(token).get("/api/v1/applications/not-a-uuid/certificate").then(), 404,
                "not-found");
    }

    @Test
    void withoutATokenIs401AndStaffAre403() {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        problem(given().get(completed.certificatePath()).then(), 401, "unauthorized");
        problem(given().get(completed.certificatePath() + "/qr.png").then(), 401, "unauthorized");
        String officer = TestTokens.staff(Roles.OFFICER, CertificateFixtures.STATION).accessToken();
        problem(given().auth().oauth2(officer).get(completed.certificatePath()).then(), 403, "forbidden");
        problem(given().auth().oauth2(TestTokens.admin()).get(completed.certificatePath() + "/qr.png").then(), 403,
                "forbidden");
    }

    @Test
    void theQrCodeDecodesToThePublicVerificationUrl() throws Exception {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        String url = certificate(completed).extract().path("verificationUrl");
        byte[] png = given().auth().oauth2(completed.holder().accessToken()).get(completed.certificatePath()
                + "/qr.png").then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertEquals(url, QrCodesTest.decode(png));
    }

    static void problem(ValidatableResponse response, int status, String code) {
        response.statusCode(status).contentType(PROBLEM).body("code", equalTo(code));
    }
}
