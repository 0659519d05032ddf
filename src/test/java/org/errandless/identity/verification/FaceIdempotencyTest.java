package org.errandless.identity.verification;

import static io.restassured.RestAssured.given;
import static org.errandless.identity.verification.Verifications.FACE;
import static org.errandless.identity.verification.Verifications.jpeg;
import static org.errandless.identity.verification.Verifications.png;
import static org.errandless.identity.verification.Verifications.verifiedToL2;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The face check takes Idempotency-Key: a retry replays the answer, another photo under the same key is refused. */
@QuarkusTest
class FaceIdempotencyTest {

    @Inject
    RegistryFixtures fixtures;

    @Test
    void aRetryReplaysTheAnswerAndAnotherPhotoUnderTheSameKeyIsRefused() {
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        String token = verifiedToL2(TestCitizens.signIn(), head);
        String key = UUID.randomUUID().toString();
        byte[] photo = png(480, 480);
        // a client library frames its retry with a new boundary: still the same request

        String first = given().auth().oauth2(token).header("Idempotency-Key", key)
                .contentType("multipart/form-data; boundary=fixed-boundary-1")
                .multiPart("photo", "face.png", photo, "image/png").post(FACE).then().statusCode(200)
                .body("profile.assuranceLevel", equalTo("L3")).extract().path("tokens.accessToken");
        String replayed = given().auth().oauth2(token).header("Idempotency-Key", key)
                .contentType("multipart/form-data; boundary=another-boundary-2")
                .multiPart("photo", "face.png", photo, "image/png").post(FACE).then().statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("profile.assuranceLevel", equalTo("L3")).extract().path("tokens.accessToken");
        assertEquals(first, replayed, "a replay answers the first tokens, it does not verify again");

        given().auth().oauth2(token).header("Idempotency-Key", key)
                .multiPart("photo", "face.jpg", jpeg(640, 640), "image/jpeg").post(FACE).then().statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("idempotency-key-reused"));
    }
}
