package org.errandless.identity.verification;

import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.smallrye.faulttolerance.api.CircuitBreakerName;

/**
 * The carrier check against a real provider (adapter {@code http}).
 *
 * <p>Protocol: {@code POST <errandless.carrier.http.url>} with {@code Authorization: Bearer <api key>} and
 * {@code {"name", "idNumber", "phone"}}; the provider answers 200 {@code {"match": true|false}}. Anything else is no
 * verdict. A call that gets no answer is retried twice (an answered error is not); each attempt is bounded by a
 * timeout; when half of the last 20 attempts failed the circuit opens and calls fail at once for 30 s, so a provider
 * outage costs citizens a quick 503 rather than a long wait. The limits can be tuned per deployment with
 * {@code quarkus.fault-tolerance."org.errandless.identity.verification.HttpCarrierVerifier/phoneRegisteredTo".*}.
 */
@ApplicationScoped
public class HttpCarrierVerifier implements CarrierVerifier {

    /** Name of the circuit breaker (for maintenance and metrics). */
    public static final String CIRCUIT = "carrier-check";

    private final ProviderClients clients;

    @Inject
    public HttpCarrierVerifier(ProviderClients clients) {
        this.clients = clients;
    }

    @Override
    @Timeout(value = 6, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 15, durationUnit = ChronoUnit.SECONDS,
            retryOn = ProviderTransportException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2)
    @CircuitBreakerName(CIRCUIT)
    public boolean phoneRegisteredTo(String phone, String name, String idNumber) {
        ProviderClient client = clients.carrier();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("idNumber", idNumber);
        request.put("phone", phone);
        return client.verdict(client.post(request), "match");
    }
}
