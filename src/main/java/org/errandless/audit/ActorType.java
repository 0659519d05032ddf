package org.errandless.audit;

/** Who acted in an audited event. */
public enum ActorType {
    /** A citizen signed in with their account. */
    CITIZEN,
    /** A staff member: officer, supervisor or admin. */
    STAFF,
    /** A partner department's machine client. */
    PARTNER,
    /** The application itself: background jobs, automatic decisions. */
    SYSTEM,
    /** Someone not (yet) authenticated, e.g. a failed sign-in. */
    ANONYMOUS
}
