package org.errandless.notifications;

/**
 * SPI: delivers push notifications to the citizen's app through a push service that knows the account's devices
 * (addressed by account id, as an alias). The outbox dispatcher calls it outside any transaction, one message at a
 * time, and retries later when it throws.
 *
 * <p>Implementations must be thread-safe, bound every call with timeouts, and never put the text or a provider's answer
 * into a {@link PushDeliveryException}: its reason is stored with the message and shown to operators.
 */
public interface PushGateway {

    /** Short name for logs and configuration, e.g. {@code http}. */
    String name();

    /** Whether delivered texts stay in the outbox (only the development gateway keeps them). */
    boolean keepsText();

    /**
     * Delivers one message; returns normally once the push service has accepted it.
     *
     * @throws PushDeliveryException when it was not accepted; {@link PushDeliveryException#permanent()} says whether
     *         trying again could help
     */
    void send(PushMessage message) throws PushDeliveryException;
}
