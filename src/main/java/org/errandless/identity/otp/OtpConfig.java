package org.errandless.identity.otp;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Sign-in by one-time code (OTP) sent by SMS. */
@ConfigMapping(prefix = "errandless.otp")
public interface OtpConfig {

    /** How long a code is good for after it is sent. */
    @WithDefault("5M")
    Duration codeLifetime();

    /** Wrong codes a challenge takes; the last of them locks it (423 {@code otp-locked}). */
    @WithDefault("5")
    int maxAttempts();

    /** Shortest time between two codes to the same phone (429 {@code rate-limited} before it). */
    @WithDefault("60S")
    Duration resendInterval();

    /** Most codes sent to one phone within {@link #phoneWindow()}, counted over the sliding window. */
    @WithDefault("10")
    int maxCodesPerPhone();

    /** The window {@link #maxCodesPerPhone()} counts in. */
    @WithDefault("1H")
    Duration phoneWindow();

    /** Codes requested from one client address (see {@code errandless.http.trust-forwarded-for}). */
    PerAddress perAddress();

    /**
     * Sign-in tries from one client address, whatever the challenge: each challenge takes only a few wrong codes, but
     * nothing else would stop one client from trying endlessly many challenge ids.
     */
    PerAddress verifyPerAddress();

    /** A fixed-window limit per client address (the defaults apply to both). */
    interface PerAddress {

        /** Requests allowed per window, whatever the phone. */
        @WithDefault("30")
        int permits();

        /** The window length. */
        @WithDefault("10M")
        Duration window();
    }

    /**
     * Key of the codes' HMAC, at least 32 characters (env {@code ERRANDLESS_OTP_SECRET}). Without it the key is
     * derived from the data key, which is as good; set it only to rotate it apart from the data key.
     */
    Optional<String> secret();

    /** The SMS text: {@code {code}} and {@code {minutes}} (the lifetime) are filled in. */
    @WithDefault("【重庆户籍】验证码 {code}，{minutes}分钟内有效。请勿告诉他人。")
    String smsTemplate();

    /** How long challenges are kept (for the per-phone limits and investigations); at least the phone window. */
    @WithDefault("1D")
    Duration retention();

    /** How often expired challenges are deleted (a scheduler interval); {@code off} in tests. */
    @WithDefault("1h")
    String purgeEvery();
}
