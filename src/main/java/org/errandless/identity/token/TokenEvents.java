package org.errandless.identity.token;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/** Security events of the token lifecycle, for the audit trail. */
@ApplicationScoped
public class TokenEvents {

    private static final Logger LOG = Logger.getLogger(TokenEvents.class);

    /** A family was revoked (logout, reuse of a spent token, identity moved, account disabled). */
    public void familyRevoked(TokenFamily family, String reason) {
        LOG.infof("Token family %s of %s %s revoked: %s", family.id, family.accountType, family.accountId, reason);
    }
}
