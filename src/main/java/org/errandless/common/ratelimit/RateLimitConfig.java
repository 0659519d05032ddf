package org.errandless.common.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the shared rate limiter. The limits themselves belong to the features that enforce them (for example
 * {@code errandless.otp.per-address.*}).
 */
@ConfigMapping(prefix = "errandless.rate-limits")
public interface RateLimitConfig {

    /**
     * How often counters of ended windows are deleted (a Quarkus scheduler interval such as {@code 10m}); {@code off}
     * turns the purge off (tests, where the business clock stands still).
     */
    @WithDefault("10m")
    String purgeEvery();
}
