package org.errandless.audit;

/** Who read a person's data (the person themselves is never recorded). */
public enum AccessorType {
    /** A staff member, e.g. an officer of a station. */
    STAFF,
    /** A partner department's machine client. */
    PARTNER,
    /** The application itself, e.g. fetching a shared material on the citizen's behalf. */
    SYSTEM
}
