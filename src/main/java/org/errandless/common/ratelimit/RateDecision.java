package org.errandless.common.ratelimit;

/**
 * The answer of the {@link RateLimiter}.
 *
 * @param allowed whether the acquisition counted and may go ahead
 * @param remaining how many more acquisitions the current window allows (0 when refused)
 * @param retryAfterSeconds when refused: whole seconds until the window ends (at least 1), for {@code Retry-After};
 *        0 when allowed
 */
public record RateDecision(boolean allowed, int remaining, long retryAfterSeconds) {
}
