package org.errandless.applications;

/** On what ground an account acts for another person of the register in an application. */
public enum ActingBasis {
    /** A parent in the same household applies for a minor child ({@link org.errandless.registry.Guardianship}). */
    GUARDIAN,
    /** An agent holds the principal's ACTIVE 代办 authorisation for the service. */
    AUTHORISATION
}
