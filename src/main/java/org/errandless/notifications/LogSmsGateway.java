package org.errandless.notifications;

import org.errandless.common.crypto.PersonalDataMasks;
import org.jboss.logging.Logger;

/**
 * Development gateway: "delivers" by writing a log line with the masked number, and keeps the text in the outbox,
 * where an admin reads it ({@code GET /api/v1/admin/sms-outbox}). It never logs the text, which may hold a sign-in
 * code. Refused in prod unless development adapters are explicitly allowed.
 */
final class LogSmsGateway implements SmsGateway {

    private static final Logger LOG = Logger.getLogger(LogSmsGateway.class);

    @Override
    public String name() {
        return "log";
    }

    @Override
    public boolean keepsText() {
        return true;
    }

    @Override
    public void send(SmsMessage message) {
        LOG.infof("SMS to %s sent (%s, message %s; development gateway: read it in the admin SMS outbox)",
                PersonalDataMasks.phone(message.phone()), message.purpose(), message.id());
    }
}
