package org.errandless.identity.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.jboss.logging.Logger;

/** Security events of the token lifecycle, recorded on the audit trail and, where they revoke, told every instance. */
@ApplicationScoped
public class TokenEvents {

    private static final Logger LOG = Logger.getLogger(TokenEvents.class);

    @Inject
    AuditTrail audit;
    @Inject
    TokenRevocations revocations;

    /**
     * A family was revoked (logout, reuse of a spent token, identity moved, account disabled, password reset).
     * Recorded in the caller's transaction, so the record stands or falls with the revocation, and published on the
     * live feed in it, so every instance refuses the family's tokens once it commits ({@link TokenRevocations}). The
     * actor is the token service; whoever caused it (an admin disabling an account, say) is on the trail with their
     * own action in the same request.
     */
    public void familyRevoked(TokenFamily family, String reason) {
        LOG.infof("Token family %s of %s %s revoked: %s", family.id, family.accountType, family.accountId, reason);
        audit.record(AuditEntry.success(AuditActor.system("token-service"), "auth.token-family.revoked")
                .target("token-family", family.id.toString())
                .detail("reason", reason)
                .detail("accountType", family.accountType)
                .detail("accountId", family.accountId.toString()));
        revocations.familyRevoked(family.id);
    }
}
