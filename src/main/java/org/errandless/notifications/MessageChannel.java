package org.errandless.notifications;

/** How a message reaches its recipient. */
public enum MessageChannel {
    /** A text message to a mobile number. */
    SMS,
    /** A push notification to the citizen's app, addressed by account id. */
    PUSH
}
