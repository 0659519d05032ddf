package org.errandless.identity.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import org.errandless.registry.RegistryFixtures;
import org.errandless.support.TestCitizens;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Helpers of the identity verification tests. Use inside {@code @QuarkusTest} (except the photo makers). */
final class Verifications {

    static final String IDENTITY = "/api/v1/me/identity";
    static final String FACE = "/api/v1/me/identity/face";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Verifications() {
    }

    /** Tells the demo carrier that this phone is registered to this ID number. */
    static void carrierKnows(String phone, String idNumber) {
        Arc.container().instance(DemoCarrierVerifier.class).get().register(phone, idNumber);
    }

    /** Real-name verification of a citizen as a fixture person, through the API. */
    static ValidatableResponse verify(String accessToken, String name, String idNumber) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("name", name, "idNumber", idNumber)).post(IDENTITY).then();
    }

    /** A citizen whose phone the carrier knows for the member, verified to L2; answers the new access token. */
    static String verifiedToL2(TestCitizens.SignedIn citizen, RegistryFixtures.Member member) {
        carrierKnows(citizen.phone(), member.idNumber());
        return verify(citizen.accessToken(), member.name(), member.idNumber()).statusCode(200)
                .body("profile.assuranceLevel", equalTo("L2")).extract().path("tokens.accessToken");
    }

    /** The claims of a JWT, read without checking the signature (the server checks it). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> claims(String jwt) {
        try {
            return JSON.readValue(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                    StandardCharsets.UTF_8), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(int width, int height) {
        return image("png", width, height);
    }

    static byte[] jpeg(int width, int height) {
        return image("jpeg", width, height);
    }

    private static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(0xE0, 0xC0, 0xA0));
        graphics.fillOval(width / 4, height / 6, width / 2, height * 2 / 3);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
