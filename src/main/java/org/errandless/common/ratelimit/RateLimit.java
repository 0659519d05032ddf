package org.errandless.common.ratelimit;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A limit: at most {@code permits} acquisitions per subject in each window of length {@code window}.
 *
 * @param name a short kebab-case name; subjects of different limits never share a counter
 * @param permits how many acquisitions a window allows, at least 1
 * @param window the window length, at least one second
 * @param alignment where windows start: at the epoch plus this plus whole windows (zero: aligned to the epoch, so
 *        a one-day window is a UTC day; see {@link #perDay})
 */
public record RateLimit(String name, int permits, Duration window, Duration alignment) {

    /** A limit whose windows are aligned to the epoch. */
    public RateLimit(String name, int permits, Duration window) {
        this(name, permits, window, Duration.ZERO);
    }

    /**
     * A daily limit whose days run from midnight to midnight at this offset (e.g. a partner's daily quota per
     * Asia/Shanghai day, UTC+8 all year, not per UTC day that would reset at 08:00 in Chongqing).
     */
    public static RateLimit perDay(String name, int permits, ZoneOffset offset) {
        Objects.requireNonNull(offset, "offset");
        return new RateLimit(name, permits, Duration.ofDays(1), Duration.ofSeconds(-offset.getTotalSeconds()));
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    public RateLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(alignment, "alignment");
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
