package org.errandless.identity.citizen;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.errandless.common.crypto.PersonalDataMasks;
import org.jboss.logging.Logger;

import io.quarkus.arc.DefaultBean;

/** Stand-in until messages are delivered: logs what would be sent, with the phone masked. */
@ApplicationScoped
@DefaultBean
public class LoggingAccountNotifier implements AccountNotifier {

    private static final Logger LOG = Logger.getLogger(LoggingAccountNotifier.class);

    @Override
    public void identityMovedAway(UUID accountId, String phone) {
        LOG.infof("Account %s lost its identity binding to another account; would notify %s", accountId,
                PersonalDataMasks.phone(phone));
    }
}
