package org.errandless.notifications;

import org.jboss.logging.Logger;

/**
 * Development gateway: "delivers" by writing a log line (account and message ids, never the text) and keeps the text
 * in the outbox. Refused in prod unless development adapters are explicitly allowed.
 */
final class LogPushGateway implements PushGateway {

    private static final Logger LOG = Logger.getLogger(LogPushGateway.class);

    @Override
    public String name() {
        return "log";
    }

    @Override
    public boolean keepsText() {
        return true;
    }

    @Override
    public void send(PushMessage message) {
        LOG.infof("Push to account %s sent (%s, message %s; development gateway)", message.accountId(),
                message.purpose(), message.id());
    }
}
