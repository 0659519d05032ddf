package org.errandless.notifications;

/**
 * A message was not delivered. The message is stored with the outbox entry, so it must name what went wrong
 * ({@code HTTP 503}, {@code timed out}) and never carry the recipient, the text or a provider's response body.
 */
public class DeliveryException extends Exception {

    private final boolean permanent;

    /**
     * @param reason what went wrong, free of personal data
     * @param permanent true when another attempt cannot succeed (the provider refused the message itself)
     */
    public DeliveryException(String reason, boolean permanent) {
        super(reason, null, false, false);
        this.permanent = permanent;
    }

    /** Whether trying again is pointless. */
    public boolean permanent() {
        return permanent;
    }
}
