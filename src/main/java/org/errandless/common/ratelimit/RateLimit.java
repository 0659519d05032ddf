package org.errandless.common.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A limit: at most {@code permits} acquisitions per subject in each window of length {@code window}.
 *
 * @param name a short kebab-case name; subjects of different limits never share a counter
 * @param permits how many acquisitions a window allows, at least 1
 * @param window the window length, at least one second
 */
public record RateLimit(String name, int permits, Duration window) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    public RateLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A rate limit name is kebab-case, at most 64 characters: " + name);
        }
        if (permits < 1) {
            throw new IllegalArgumentException("A rate limit allows at least one permit: " + name);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("A rate limit window is at least one second: " + name);
        }
    }
}
