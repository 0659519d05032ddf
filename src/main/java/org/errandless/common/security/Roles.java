package org.errandless.common.security;

/** The roles tokens carry in their {@code groups} claim; use these names in {@code @RolesAllowed}. */
public final class Roles {

    /** A signed-in resident (any assurance level). */
    public static final String CITIZEN = "CITIZEN";
    /** A police-station officer; works the queue of one station. */
    public static final String OFFICER = "OFFICER";
    /** Oversees a station, a district or the whole city. */
    public static final String SUPERVISOR = "SUPERVISOR";
    /** Manages staff, catalogue, calendar and partner clients. */
    public static final String ADMIN = "ADMIN";
    /** A partner department's machine client. */
    public static final String PARTNER = "PARTNER";

    private Roles() {
    }
}
