package org.errandless.identity.staff;

/**
 * The roles a staff account can hold. The names are those of {@link org.errandless.common.security.Roles} and of the
 * token's {@code groups} claim.
 */
public enum StaffRole {
    /** Works the queue of one station; needs a station code. */
    OFFICER,
    /** Oversees a station, a district or the whole city. */
    SUPERVISOR,
    /** Manages staff accounts, catalogue, calendar and partner clients. */
    ADMIN
}
