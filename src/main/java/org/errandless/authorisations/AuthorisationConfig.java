package org.errandless.authorisations;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** 代办 authorisations: an agent acts for a principal in one service, confirmed by a code to the principal's mobile. */
@ConfigMapping(prefix = "errandless.authorisations")
public interface AuthorisationConfig {

    /** The longest validity an agent may ask for, in days from the principal's confirmation. */
    @WithDefault("90")
    int maxValidDays();

    /** How long the code sent to the principal is good for. */
    @WithDefault("10M")
    Duration codeLifetime();

    /** Wrong codes an authorisation takes; the last of them locks it (423 {@code authorisation-code-locked}). */
    @WithDefault("5")
    int maxAttempts();

    /** Requests (codes sent) one agent may make per window, whatever the principal (429 {@code rate-limited}). */
    Limit perAgent();

    /**
     * Codes sent to one principal per window, whoever asks: a principal's phone is not a channel for strangers to
     * flood (429 {@code rate-limited}).
     */
    Limit perPrincipal();

    /** A fixed-window limit. */
    interface Limit {

        /** Requests allowed per window. */
        @WithDefault("5")
        int permits();

        /** The window length. */
        @WithDefault("1H")
        Duration window();
    }

    /** The SMS text: {@code {code}}, {@code {service}} and {@code {minutes}} (the code's lifetime) are filled in. */
    @WithDefault("【重庆户籍】有人申请代您办理“{service}”，授权码 {code}，{minutes}分钟内有效。如非本人同意，请勿告诉他人。")
    String smsTemplate();
}
