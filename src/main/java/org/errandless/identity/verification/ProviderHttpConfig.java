package org.errandless.identity.verification;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** How to reach an outside verification provider over HTTP. */
public interface ProviderHttpConfig {

    /** The provider's endpoint (https), required when the provider is {@code http}. */
    Optional<String> url();

    /** The API key, sent as a bearer token; from the environment, never committed. */
    Optional<String> apiKey();

    /** How long to wait for a connection. */
    @WithDefault("2S")
    Duration connectTimeout();

    /** How long one attempt may wait for the answer (retries and the circuit breaker come on top). */
    @WithDefault("4S")
    Duration requestTimeout();
}
