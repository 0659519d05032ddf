package org.errandless.authorisations;

/**
 * An authorisation's state as clients see it: PENDING (waiting for the principal's code), ACTIVE (the agent may act),
 * EXPIRED (the code or the validity ran out), REVOKED (by either party), LOCKED (too many wrong codes).
 */
public enum AuthorisationState {
    PENDING, ACTIVE, EXPIRED, REVOKED, LOCKED
}
