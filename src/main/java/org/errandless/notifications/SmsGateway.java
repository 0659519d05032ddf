package org.errandless.notifications;

/**
 * SPI: delivers text messages to an SMS provider. The outbox dispatcher calls it outside any transaction, one message
 * at a time, and retries later when it throws.
 *
 * <p>Implementations must be thread-safe (several dispatchers may run at once), must bound every call with timeouts,
 * and must never log or report the phone number unmasked or the text: the reason of a {@link SmsDeliveryException}
 * is stored with the message and shown to operators.
 */
public interface SmsGateway {

    /** Short name for logs and configuration, e.g. {@code http}. */
    String name();

    /**
     * Whether delivered texts stay readable in the outbox. Only a development gateway, whose outbox is the way to
     * read the messages at all, keeps them; a real one has the text removed once it is delivered.
     */
    boolean keepsText();

    /**
     * Delivers one message; returns normally once the provider has accepted it.
     *
     * @throws SmsDeliveryException when it was not accepted; {@link SmsDeliveryException#permanent()} says whether
     *         trying again could help
     */
    void send(SmsMessage message) throws SmsDeliveryException;
}
