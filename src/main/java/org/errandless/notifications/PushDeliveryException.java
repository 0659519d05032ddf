package org.errandless.notifications;

/**
 * A push notification was not delivered. The message is stored with the outbox entry, so it names what went wrong
 * ({@code HTTP 503}, {@code timed out}) and never carries the text or a provider's response body.
 */
public class PushDeliveryException extends Exception {

    private final boolean permanent;

    /**
     * @param reason what went wrong, free of personal data
     * @param permanent true when another attempt cannot succeed (the push service refused the message itself)
     */
    public PushDeliveryException(String reason, boolean permanent) {
        super(reason, null, false, false);
        this.permanent = permanent;
    }

    /** Whether trying again is pointless. */
    public boolean permanent() {
        return permanent;
    }
}
