package org.errandless.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    /** The action took effect. */
    SUCCESS,
    /** The action was attempted and failed, e.g. a wrong password or code. */
    FAILURE,
    /** The action was refused: wrong role, not the owner, locked out, rate limited. */
    DENIED
}
