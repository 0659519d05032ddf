package org.errandless.notifications;

import java.time.Duration;

import org.errandless.common.crypto.PersonalDataMasks;
import org.jboss.logging.Logger;

/**
 * Development gateway of any channel: "delivers" by writing a log line (the masked number of an SMS, the account id
 * of a push; never the text, which may hold a sign-in code) and keeps the text in the outbox, where an admin reads
 * SMS texts ({@code GET /api/v1/admin/sms-outbox}). Refused in prod unless development adapters are explicitly
 * allowed.
 */
final class LogGateway implements DeliveryGateway {

    private static final Logger LOG = Logger.getLogger(LogGateway.class);

    private final MessageChannel channel;

    LogGateway(MessageChannel channel) {
        this.channel = channel;
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public boolean keepsText() {
        return true;
    }

    @Override
    public Duration longestSend() {
        return Duration.ZERO;
    }

    @Override
    public void send(OutgoingMessage message) {
        if (channel == MessageChannel.SMS) {
            LOG.infof("SMS to %s sent (%s, message %s; development gateway: read it in the admin SMS outbox)",
                    PersonalDataMasks.phone(message.phone()), message.purpose(), message.id());
        } else {
            LOG.infof("%s to account %s sent (%s, message %s; development gateway)", channel, message.accountId(),
                    message.purpose(), message.id());
        }
    }

    @Override
    public String toString() {
        return "LogGateway[" + channel + "]";
    }
}
