package org.errandless.notifications;

import java.util.Locale;

/** How a message reaches its recipient: each channel has its gateway, configured under {@code errandless.<key>}. */
public enum MessageChannel {
    /** A text message to a mobile number ({@code errandless.sms.*}). */
    SMS,
    /** A push notification to the citizen's app, addressed by account id ({@code errandless.push.*}). */
    PUSH;

    /** The channel's block of settings, e.g. {@code errandless.sms}. */
    public String settingsPrefix() {
        return "errandless." + name().toLowerCase(Locale.ROOT);
    }
}
