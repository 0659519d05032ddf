package org.errandless.identity.client;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Partner clients: their tokens, how often they may check, and how their assertions must be addressed. */
@ConfigMapping(prefix = "errandless.partners")
public interface PartnersConfig {

    /** How long a partner's access token lives (no refresh token: the client asks again). */
    @WithDefault("5M")
    Duration tokenLifetime();

    /** Checks per client and minute (429 {@code rate-limited}), beside each client's daily quota. */
    @WithDefault("600")
    int checksPerMinute();

    /**
     * The public URL of our token endpoint, exactly as clients reach it (env
     * {@code ERRANDLESS_PARTNERS_TOKEN_ENDPOINT_URL}, e.g. {@code https://api.example.gov.cn/api/v1/auth/clients/token}).
     * A {@code private_key_jwt} assertion is accepted only when its {@code aud} is exactly this (RFC 7523 §3), so an
     * assertion made for another server cannot be replayed here. Required in prod: start-up fails without it.
     */
    Optional<String> tokenEndpointUrl();
}
