package org.errandless.sharing.providers;

import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.errandless.common.http.OutboundCallException;
import org.errandless.common.http.OutboundJsonClient;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * The calls to the partner departments, guarded like the identity providers' (see {@code HttpCarrierVerifier}): each
 * attempt is bounded by the client's read timeout (and a {@code @Timeout} above it as a safety net); a call that got
 * no answer or a 5xx is retried twice with exponential backoff; each department has its own circuit breaker, which
 * opens when half of its last 10 attempts failed and lets calls fail at once for 30 s, so a department's outage costs
 * a submitting citizen a quick "unavailable" (they may upload the material) rather than a long wait inside the submit
 * transaction. A 404 (no record) is an answer, not a failure.
 *
 * <p>One method per department because fault-tolerance state belongs to a method: one department's outage must not
 * open another's circuit. Tune per deployment with
 * {@code quarkus.fault-tolerance."org.errandless.sharing.providers.SharedDataCalls/health".*} (and
 * {@code /civilAffairs}, {@code /housing}).
 */
@ApplicationScoped
public class SharedDataCalls {

    /** Circuit breaker names, for maintenance and metrics. */
    public static final String HEALTH_CIRCUIT = "sharing-health";
    public static final String CIVIL_AFFAIRS_CIRCUIT = "sharing-civil-affairs";
    public static final String HOUSING_CIRCUIT = "sharing-housing";

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 300, jitter = 100, maxDuration = 20, durationUnit = ChronoUnit.SECONDS,
            retryOn = SourceCallException.Transient.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2)
    @CircuitBreakerName(HEALTH_CIRCUIT)
    public OutboundJsonClient.Response health(OutboundJsonClient client, String path, Map<String, Object> body) {
        return call(client, path, body);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 300, jitter = 100, maxDuration = 20, durationUnit = ChronoUnit.SECONDS,
            retryOn = SourceCallException.Transient.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2)
    @CircuitBreakerName(CIVIL_AFFAIRS_CIRCUIT)
    public OutboundJsonClient.Response civilAffairs(OutboundJsonClient client, String path,
            Map<String, Object> body) {
        return call(client, path, body);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 300, jitter = 100, maxDuration = 20, durationUnit = ChronoUnit.SECONDS,
            retryOn = SourceCallException.Transient.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2)
    @CircuitBreakerName(HOUSING_CIRCUIT)
    public OutboundJsonClient.Response housing(OutboundJsonClient client, String path, Map<String, Object> body) {
        return call(client, path, body);
    }

    /**
     * One attempt: answers 200 and 404; throws for everything else.
     *
     * @throws SourceCallException.Transient for no answer, a timeout or a 5xx
     * @throws SourceCallException for any other status
     */
    static OutboundJsonClient.Response call(OutboundJsonClient client, String path, Map<String, Object> body) {
        OutboundJsonClient.Response response;
        try {
            response = client.post(path, body);
        } catch (OutboundCallException e) {
            if (e.interrupted()) {
                // a fault-tolerance timeout interrupted the attempt; it reports the timeout itself
                throw new SourceCallException(e.getMessage(), e.getCause());
            }
            throw new SourceCallException.Transient(e.getMessage(), e.getCause());
        }
        int status = response.status();
        if (status == 200 || status == 404) {
            return response;
        }
        String message = "The " + client.service() + " answered HTTP " + status;
        if (status >= 500) {
            throw new SourceCallException.Transient(message, null);
        }
        throw new SourceCallException(message, null);
    }
}
