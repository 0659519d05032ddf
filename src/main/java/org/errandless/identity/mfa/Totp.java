package org.errandless.identity.mfa;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them by default: HMAC-SHA1, 6 digits, 30-second
 * time steps counted from the Unix epoch. java-otp computes a code; this class adds what a verifier needs: the time
 * step of an instant, a drift window of one step either side (RFC 6238 §5.2: a phone's clock and a slow typist), and
 * the replay rule (a step at or before the last one accepted is refused).
 */
public final class Totp {

    /** The time step. */
    public static final Duration STEP = Duration.ofSeconds(30);
    /** Digits of a code. */
    public static final int DIGITS = 6;
    /** Length of a new secret: 160 bits, as RFC 4226 §4 recommends for HMAC-SHA1. */
    public static final int SECRET_BYTES = 20;
    /** Time steps either side of the current one whose codes are still accepted. */
    public static final int DRIFT_STEPS = 1;

    private final TimeBasedOneTimePasswordGenerator generator;
    private final String algorithm;

    /** The authenticator-app default: HMAC-SHA1, {@value #DIGITS} digits, 30 s. */
    public Totp() {
        this(DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    }

    /** Another length or HMAC (the RFC's own test vectors use 8 digits and SHA-256/512 too). */
    Totp(int digits, String algorithm) {
        this.generator = new TimeBasedOneTimePasswordGenerator(STEP, digits, algorithm);
        this.algorithm = algorithm;
    }

    /** The time step an instant falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP.getSeconds());
    }

    /** The code of a secret for a time step. */
    public String code(byte[] secret, long step) {
        try {
            return generator.generateOneTimePasswordString(new SecretKeySpec(secret, algorithm),
                    Instant.ofEpochSecond(step * STEP.getSeconds()), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A TOTP secret is not a usable HMAC key", e);
        }
    }

    /**
     * The time step whose code this is, within the drift window around {@code now} and after {@code lastUsedStep}:
     * the latest such step if several match. Every step of the window is computed and compared in constant time, so
     * the answer's timing does not tell which one matched.
     *
     * @return the matching step, or empty for a wrong, malformed, too old or already used code
     */
    public OptionalLong match(byte[] secret, String code, Instant now, long lastUsedStep) {
        if (code == null || code.length() != generator.getPasswordLength() || !code.chars().allMatch(
                character -> character >= '0' && character <= '9')) {
            return OptionalLong.empty();
        }
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        long matched = Long.MIN_VALUE;
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            boolean equal = MessageDigest.isEqual(given, code(secret, step).getBytes(StandardCharsets.US_ASCII));
            if (equal && step > lastUsedStep) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }
}
