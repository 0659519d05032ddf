package org.errandless.identity.verification;

import static io.restassured.RestAssured.given;
import static org.errandless.identity.verification.Verifications.FACE;
import static org.errandless.identity.verification.Verifications.carrierKnows;
import static org.errandless.identity.verification.Verifications.claims;
import static org.errandless.identity.verification.Verifications.jpeg;
import static org.errandless.identity.verification.Verifications.png;
import static org.errandless.identity.verification.Verifications.verify;
import static org.errandless.identity.verification.Verifications.verifiedToL2;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;

import org.errandless.audit.AuditEvent;
import org.errandless.audit.AuditOutcome;
import org.errandless.audit.AuditQuery;
import org.errandless.audit.AuditTrail;
import org.errandless.common.security.Roles;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.MultiPartSpecification;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class FaceVerificationTest {

    @Inject
    RegistryFixtures fixtures;
    @Inject
    RecordingAccountNotifier notifier;
    @Inject
    AuditTrail audit;

    @ParameterizedTest
    @ValueSource(strings = { "png", "jpeg" })
    void passedFaceCheckRaisesL2ToL3(String format) {
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        String token = verifiedToL2(citizen, head);
        byte[] photo = "png".equals(format) ? png(480, 480) : jpeg(480, 480);

        String accessToken = given().auth().oauth2(token).multiPart("photo", "face." + format, photo, "image/" + format)
                .post(FACE).then().statusCode(200).contentType(ContentType.JSON)
                .body("profile.assuranceLevel", equalTo("L3")).body("profile.name", equalTo(head.name()))
                .extract().path("tokens.accessToken");
        assertEquals("L3", claims(accessToken).get("acr"));
        given().auth().oauth2(accessToken).get("/api/v1/me").then().statusCode(200)
                .body("assuranceLevel", equalTo("L3"));
    }

    @Test
    void tooSmallPhotoIs422PhotoUnusable() {
        String token = verifiedToL2(TestCitizens.signIn(), newPerson());
        given().auth().oauth2(token).multiPart("photo", "face.png", png(100, 100), "image/png").post(FACE).then()
                .statusCode(422).contentType("application/problem+json").body("code", equalTo("photo-unusable"))
                .body("invalidParams[0].name", equalTo("photo"));
        given().auth().oauth2(token).multiPart("photo", "face.jpg", jpeg(640, 479), "image/jpeg").post(FACE).then()
                .statusCode(422).body("code", equalTo("photo-unusable"));
    }

    @Test
    void brokenImageIs422PhotoUnusable() {
        String token = verifiedToL2(TestCitizens.signIn(), newPerson());
        byte[] truncated = Arrays.copyOf(png(480, 480), 20);
        given().auth().oauth2(token).multiPart("photo", "face.png", truncated, "image/png").post(FACE).then()
                .statusCode(422).body("code", equalTo("photo-unusable"));
    }

    @Test
    void textFileIs415() {
        String token = verifiedToL2(TestCitizens.signIn(), newPerson());
        // the declared type and name say JPEG; the content decides
        given().auth().oauth2(token).multiPart("photo", "face.jpg", "not a photo".getBytes(StandardCharsets.UTF_8),
                "image/jpeg").post(FACE).then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void jsonInsteadOfMultipartIs415() {
        given().auth().oauth2(TestCitizens.signIn().accessToken()).contentType(ContentType.JSON).body("{}")
                .post(FACE).then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void photoAbove5MbIs413() {
        String token = verifiedToL2(TestCitizens.signIn(), newPerson());
        byte[] large = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(jpeg(480, 480), 0, large, 0, 3);
        given().auth().oauth2(token).multiPart("photo", "face.jpg", large, "image/jpeg").post(FACE).then()
                .statusCode(413).contentType("application/problem+json").body("code", equalTo("payload-too-large"));
    }

    @Test
    void missingPhotoIs400() {
        given().auth().oauth2(TestCitizens.signIn().accessToken()).multiPart("name", "张伟").post(FACE).then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("photo"));
    }

    @Test
    void nameWithoutIdNumberIs400() {
        given().auth().oauth2(TestCitizens.signIn().accessToken()).multiPart(text("name", "张伟"))
                .multiPart("photo", "face.png", png(480, 480), "image/png").post(FACE).then().statusCode(400)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("idNumber"));
    }

    @Test
    void atL1WithoutAnIdentityToMoveIs403() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        given().auth().oauth2(citizen.accessToken()).multiPart("photo", "face.png", png(480, 480), "image/png")
                .post(FACE).then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("assurance-too-low"));
    }

    @Test
    void unboundPersonNamedAtL1Is403() {
        // moving an identity needs one to move: an unbound person is verified with POST /me/identity first
        RegistryFixtures.Member head = newPerson();
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        carrierKnows(citizen.phone(), head.idNumber());
        withIdentity(given().auth().oauth2(citizen.accessToken()), head).post(FACE).then().statusCode(403)
                .body("code", equalTo("assurance-too-low"));
    }

    @Test
    void withoutTokenIs401AndStaffIs403() {
        given().multiPart("photo", "face.png", png(480, 480), "image/png").post(FACE).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
        given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "50010301").accessToken())
                .multiPart("photo", "face.png", png(480, 480), "image/png").post(FACE).then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void boundAccountNamingAnotherPersonIs409() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        String token = verifiedToL2(TestCitizens.signIn(), family.member(Relationship.HEAD));
        withIdentity(given().auth().oauth2(token), family.member(Relationship.SPOUSE)).post(FACE).then()
                .statusCode(409).body("code", equalTo("identity-already-bound"));
        // naming the bound person itself is fine
        withIdentity(given().auth().oauth2(token), family.member(Relationship.HEAD)).post(FACE).then()
                .statusCode(200).body("profile.assuranceLevel", equalTo("L3"));
    }

    @Test
    void faceCheckMovesAnIdentityToTheAccountThatProvesIt() {
        RegistryFixtures.Member person = newPerson();
        TestCitizens.SignedIn squatter = TestCitizens.signIn();
        String squatterToken = verifiedToL2(squatter, person);

        TestCitizens.SignedIn owner = TestCitizens.signIn();
        carrierKnows(owner.phone(), person.idNumber());
        verify(owner.accessToken(), person.name(), person.idNumber()).statusCode(409)
                .body("code", equalTo("identity-already-bound"));

        String ownerToken = withIdentity(given().auth().oauth2(owner.accessToken()), person).post(FACE).then()
                .statusCode(200).body("profile.id", equalTo(owner.accountId().toString()))
                .body("profile.assuranceLevel", equalTo("L3")).body("profile.name", equalTo(person.name()))
                .body("profile.idNumber", equalTo(IdNumbers.mask(person.idNumber())))
                .extract().path("tokens.accessToken");
        assertEquals("L3", claims(ownerToken).get("acr"));
        given().auth().oauth2(ownerToken).get("/api/v1/me/household").then().statusCode(200);

        // every sign-in of the old account is revoked, and it is told
        given().auth().oauth2(squatterToken).get("/api/v1/me").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2(squatter.accessToken()).get("/api/v1/me").then().statusCode(401);
        assertTrue(notifier.toldIdentityMovedAway(squatter.accountId()));
        assertFalse(notifier.toldIdentityMovedAway(owner.accountId()));
        // signing in again, the old account is back at L1 without the person
        TestCitizens.SignedIn again = TestCitizens.signIn(squatter.phone());
        assertEquals(squatter.accountId(), again.accountId());
        given().auth().oauth2(again.accessToken()).get("/api/v1/me").then().statusCode(200)
                .body("assuranceLevel", equalTo("L1")).body("name", nullValue()).body("idNumber", nullValue());
        given().auth().oauth2(again.accessToken()).get("/api/v1/me/household").then().statusCode(403)
                .body("code", equalTo("assurance-too-low"));

        List<AuditEvent> moves = audit.list(new AuditQuery("identity.rebind", null, owner.accountId().toString(),
                AuditOutcome.SUCCESS, null, null), null, 10).items();
        assertEquals(1, moves.size());
        assertEquals(person.id().toString(), moves.get(0).targetId());
        assertEquals(squatter.accountId().toString(), moves.get(0).details().get("previousAccount"));
    }

    @Test
    void movingAnIdentityNeedsThePhoneOfThatPerson() {
        RegistryFixtures.Member person = newPerson();
        TestCitizens.SignedIn holder = TestCitizens.signIn();
        String holderToken = verifiedToL2(holder, person);
        TestCitizens.SignedIn stranger = TestCitizens.signIn();

        withIdentity(given().auth().oauth2(stranger.accessToken()), person).post(FACE).then().statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("phone-not-registered-to-id"));
        String wrong = person.idNumber().substring(0, 17) + (person.idNumber().charAt(17) == '1' ? '2' : '1');
        given().auth().oauth2(stranger.accessToken()).multiPart(text("name", person.name()))
                .multiPart(text("idNumber", wrong)).multiPart("photo", "face.png", png(480, 480), "image/png")
                .post(FACE).then().statusCode(422).body("code", equalTo("id-number-invalid"));
        given().auth().oauth2(holderToken).get("/api/v1/me").then().statusCode(200)
                .body("assuranceLevel", equalTo("L2")).body("name", equalTo(person.name()));
        assertFalse(notifier.toldIdentityMovedAway(holder.accountId()));
    }

    private RegistryFixtures.Member newPerson() {
        return fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
    }

    private static RequestSpecification withIdentity(RequestSpecification request, RegistryFixtures.Member person) {
        return request.multiPart(text("name", person.name())).multiPart(text("idNumber", person.idNumber()))
                .multiPart("photo", "face.png", png(480, 480), "image/png");
    }

    private static MultiPartSpecification text(String name, String value) {
        return new MultiPartSpecBuilder(value).controlName(name).mimeType("text/plain").charset(StandardCharsets.UTF_8)
                .build();
    }
}
