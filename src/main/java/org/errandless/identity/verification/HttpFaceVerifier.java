package org.errandless.identity.verification;

import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.faulttolerance.api.CircuitBreakerName;

/**
 * The face check against a real provider (adapter {@code http}).
 *
 * <p>Protocol: {@code POST <errandless.face.http.url>} with {@code Authorization: Bearer <api key>} and
 * {@code {"name", "idNumber", "imageType", "image"}} (the photo in base64); the provider answers 200
 * {@code {"match": true|false, "live": true|false}}. Resilience as in {@link HttpCarrierVerifier}, with a longer
 * timeout for the larger body; tune with
 * {@code quarkus.fault-tolerance."org.errandless.identity.verification.HttpFaceVerifier/verify".*}.
 */
@ApplicationScoped
public class HttpFaceVerifier implements FaceVerifier {

    /** Name of the circuit breaker (for maintenance and metrics). */
    public static final String CIRCUIT = "face-check";

    private final ProviderClients clients;

    @Inject
    public HttpFaceVerifier(ProviderClients clients) {
        this.clients = clients;
    }

    @Override
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 25, durationUnit = ChronoUnit.SECONDS,
            retryOn = ProviderTransportException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2)
    @CircuitBreakerName(CIRCUIT)
    public FaceVerdict verify(FacePhoto photo, String name, String idNumber) {
        ProviderClient client = clients.face();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("idNumber", idNumber);
        request.put("imageType", photo.format().mediaType());
        request.put("image", Base64.getEncoder().encodeToString(photo.content()));
        JsonNode answer = client.post(request);
        return new FaceVerdict(client.verdict(answer, "match"), client.verdict(answer, "live"));
    }
}
