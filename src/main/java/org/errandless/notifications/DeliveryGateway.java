package org.errandless.notifications;

import java.time.Duration;

/**
 * SPI: hands messages of one channel to the outside world (an SMS provider, a push service). The outbox dispatcher
 * calls it with no transaction open and no database connection held, one message at a time, and retries later when
 * it throws.
 *
 * <p>Implementations must be thread-safe (several dispatchers run at once, on several instances), must finish every
 * call within {@link #longestSend()}, must pass {@link OutgoingMessage#idempotencyKey()} to providers that can drop
 * duplicates, and must never log or report the phone number unmasked or the text: the reason of a
 * {@link DeliveryException} is stored with the message and shown to operators.
 */
public interface DeliveryGateway {

    /** Short name for logs and configuration, e.g. {@code http}. */
    String name();

    /**
     * Whether delivered texts stay readable in the outbox. Only a development gateway, whose outbox is the way to
     * read the messages at all, keeps them; a real one has the text removed once it is delivered.
     */
    boolean keepsText();

    /**
     * The longest one {@link #send} can take, retries within it included. The dispatcher claims no more messages than
     * it can send in this time each before their lease ends.
     */
    Duration longestSend();

    /**
     * Delivers one message; returns normally once the provider has accepted it.
     *
     * @throws DeliveryException when it was not accepted; {@link DeliveryException#permanent()} says whether trying
     *         again could help
     */
    void send(OutgoingMessage message) throws DeliveryException;
}
