package org.errandless.notifications;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.errandless.common.crypto.PersonalDataMasks;
import org.errandless.common.validation.MainlandMobile;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Delivers one channel through its provider's HTTP API ({@link ProviderClient}: one JSON POST per message, with
 * {@code Authorization: Bearer <api key>} and {@code Idempotency-Key: <message id>}). The channel decides the body:
 * <ul>
 * <li>SMS: {@code {"id": "<message id>", "to": "+8613800000001", "text": "...", "purpose": "OTP"}};</li>
 * <li>PUSH, to a push service (a vendor's, or our relay to APNs and the Android push channels) that maps an account
 * id (an alias) to the account's devices: {@code {"id": "<message id>", "alias": "<account id>", "title": "重庆户籍",
 * "body": "...", "purpose": "STATUS_CHANGED", "data": {"subjectId": "<application id>"}}}.</li>
 * </ul>
 */
final class HttpGateway implements DeliveryGateway {

    private static final Logger LOG = Logger.getLogger(HttpGateway.class);
    /** A push notification's title on the phone: who it is from. */
    static final String PUSH_TITLE = "重庆户籍";

    private final MessageChannel channel;
    private final ProviderClient client;
    private final ObjectMapper json;

    HttpGateway(MessageChannel channel, ProviderClient client, ObjectMapper json) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.client = Objects.requireNonNull(client, "client");
        this.json = json;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public boolean keepsText() {
        return false;
    }

    @Override
    public Duration longestSend() {
        return client.longestSend();
    }

    @Override
    public void send(OutgoingMessage message) throws DeliveryException {
        if (message.channel() != channel) {
            throw new DeliveryException("a " + message.channel() + " message on the " + channel + " gateway", true);
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(channel == MessageChannel.SMS ? sms(message) : push(message));
        } catch (JsonProcessingException e) {
            throw new DeliveryException("could not write the request", true);
        }
        ProviderClient.Failure failure = client.post(body, message.idempotencyKey());
        if (failure != null) {
            throw new DeliveryException(failure.reason(), failure.permanent());
        }
        if (LOG.isDebugEnabled()) {
            LOG.debugf("%s to %s accepted by %s (message %s)", channel, channel == MessageChannel.SMS
                    ? PersonalDataMasks.phone(message.phone()) : "account " + message.accountId(), client.host(),
                    message.id());
        }
    }

    private static Map<String, Object> sms(OutgoingMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", message.id().toString());
        body.put("to", MainlandMobile.e164(message.phone()));
        body.put("text", message.text());
        body.put("purpose", message.purpose().name());
        return body;
    }

    private static Map<String, Object> push(OutgoingMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", message.id().toString());
        body.put("alias", message.accountId().toString());
        body.put("title", PUSH_TITLE);
        body.put("body", message.text());
        body.put("purpose", message.purpose().name());
        Map<String, String> data = new LinkedHashMap<>();
        if (message.subjectId() != null) {
            data.put("subjectId", message.subjectId().toString());
        }
        body.put("data", data);
        return body;
    }

    @Override
    public String toString() {
        // the URL may carry a key in its query string: name the host only
        return "HttpGateway[" + channel + ", " + client.host() + "]";
    }
}
