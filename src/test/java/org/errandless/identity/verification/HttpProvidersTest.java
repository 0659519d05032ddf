package org.errandless.identity.verification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.errandless.support.ProviderStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP adapters' protocol against a local stub, without the fault-tolerance interceptors (those are proven in
 * {@link ProviderResilienceTest}).
 */
class HttpProvidersTest {

    private static final String ID_NUMBER = "500103198803120516";

    private ProviderStub stub;
    private HttpCarrierVerifier carrier;
    private HttpFaceVerifier face;

    @BeforeEach
    void startStub() {
        stub = ProviderStub.start();
        ProviderClients clients = new ProviderClients(stub.client("carrier check", Duration.ofSeconds(5)),
                stub.client("face check", Duration.ofSeconds(5)));
        carrier = new HttpCarrierVerifier(clients);
        face = new HttpFaceVerifier(clients);
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void carrierMatchIsYesAndTheRequestCarriesTheThreeElementsAndTheKey() {
        stub.byDefault(ProviderStub.verdict(Map.of("match", true)));
        assertTrue(carrier.phoneRegisteredTo("13800000001", "张伟", ID_NUMBER));
        ProviderStub.Request request = stub.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("Bearer " + ProviderStub.API_KEY, request.authorization());
        assertEquals("application/json", request.contentType());
        assertEquals("张伟", request.body().get("name").asText());
        assertEquals(ID_NUMBER, request.body().get("idNumber").asText());
        assertEquals("13800000001", request.body().get("phone").asText());
    }

    @Test
    void carrierMismatchIsNo() {
        stub.byDefault(ProviderStub.verdict(Map.of("match", false)));
        assertFalse(carrier.phoneRegisteredTo("13800000001", "张伟", ID_NUMBER));
    }

    @Test
    void anAnsweredErrorIsUnavailableButNotWorthRetrying() {
        for (int status : new int[] { 500, 503, 401, 404 }) {
            stub.then(ProviderStub.answer(status, "{\"error\": \"x\"}"));
            VerificationUnavailableException e = assertThrows(VerificationUnavailableException.class,
                    () -> carrier.phoneRegisteredTo("13800000001", "张伟", ID_NUMBER));
            assertFalse(e instanceof ProviderTransportException, "status " + status);
            assertTrue(e.getMessage().contains(Integer.toString(status)));
        }
    }

    @Test
    void anAnswerWithoutVerdictIsUnavailable() {
        stub.then(ProviderStub.answer(200, "{\"result\": \"ok\"}")).then(ProviderStub.answer(200, "not json"))
                .then(ProviderStub.answer(200, "{\"match\": \"yes\"}")).then(ProviderStub.answer(200, "[true]"));
        for (int i = 0; i < 4; i++) {
            assertThrows(VerificationUnavailableException.class,
                    () -> carrier.phoneRegisteredTo("13800000001", "张伟", ID_NUMBER));
        }
    }

    @Test
    void aDroppedConnectionIsATransportError() {
        stub.byDefault(ProviderStub.dropConnection());
        assertThrows(ProviderTransportException.class,
                () -> carrier.phoneRegisteredTo("13800000001", "张伟", ID_NUMBER));
    }

    @Test
    void noAnswerInTimeIsATransportError() {
        ProviderClients slow = new ProviderClients(stub.client("carrier check", Duration.ofMillis(200)), null);
        stub.byDefault(stub.hang());
        ProviderTransportException e = assertThrows(ProviderTransportException.class,
                () -> new HttpCarrierVerifier(slow).phoneRegisteredTo("13800000001", "张伟", ID_NUMBER));
        assertInstanceOf(HttpTimeoutException.class, e.getCause());
    }

    @Test
    void aRefusedConnectionIsATransportError() {
        ProviderClient client = stub.client("carrier check", Duration.ofSeconds(5));
        stub.close();
        assertThrows(ProviderTransportException.class, () -> new HttpCarrierVerifier(new ProviderClients(client, null))
                .phoneRegisteredTo("13800000001", "张伟", ID_NUMBER));
    }

    @Test
    void faceVerdictAndRequest() {
        byte[] photo = Verifications.png(480, 480);
        FacePhoto facePhoto = new FacePhoto(photo, FacePhoto.Format.PNG, 480, 480);
        stub.then(ProviderStub.verdict(Map.of("match", true, "live", true)))
                .then(ProviderStub.verdict(Map.of("match", true, "live", false)))
                .then(ProviderStub.verdict(Map.of("match", false, "live", true)))
                .then(ProviderStub.verdict(Map.of("match", true)));
        assertEquals(new FaceVerdict(true, true), face.verify(facePhoto, "张伟", ID_NUMBER));
        assertEquals(new FaceVerdict(true, false), face.verify(facePhoto, "张伟", ID_NUMBER));
        assertEquals(new FaceVerdict(false, true), face.verify(facePhoto, "张伟", ID_NUMBER));
        assertThrows(VerificationUnavailableException.class, () -> face.verify(facePhoto, "张伟", ID_NUMBER));

        ProviderStub.Request request = stub.requests().get(0);
        assertEquals("Bearer " + ProviderStub.API_KEY, request.authorization());
        assertEquals("image/png", request.body().get("imageType").asText());
        assertEquals(ID_NUMBER, request.body().get("idNumber").asText());
        assertArrayEquals(photo, Base64.getDecoder().decode(request.body().get("image").asText()));
    }

    @Test
    void faceOutageIsUnavailable() {
        stub.byDefault(ProviderStub.answer(502, ""));
        assertThrows(VerificationUnavailableException.class, () -> face.verify(
                new FacePhoto(new byte[] { 1 }, FacePhoto.Format.JPEG, 480, 480), "张伟", ID_NUMBER));
    }
}
