package org.errandless.evaluation;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.errandless.identity.token.Claims;

/**
 * What a supervisor oversees, from the token as the staff account defines it (see {@code StaffAccount}): a supervisor
 * with a {@code station} claim oversees that station; one with a {@code division} claim (a district supervisor) every
 * station of that division; one with neither the whole city. An account never has both (the admin API refuses it);
 * should a token carry both, the narrower station wins.
 *
 * @param staffId the supervisor's subject
 * @param station the station overseen, or null
 * @param division the division overseen, or null
 */
public record SupervisorScope(String staffId, String station, String division) {

    /** The scope of the token's bearer. */
    public static SupervisorScope of(JsonWebToken jwt) {
        String station = blankToNull(jwt.<String>getClaim(Claims.STATION));
        String division = station != null ? null : blankToNull(jwt.<String>getClaim(Claims.DIVISION));
        return new SupervisorScope(jwt.getSubject(), station, division);
    }

    /** Whether neither a station nor a division limits it. */
    public boolean cityWide() {
        return station == null && division == null;
    }

    /** Whether the scope covers a station of the given division. */
    public boolean covers(String stationCode, String divisionOfStation) {
        if (station != null) {
            return station.equals(stationCode);
        }
        if (division != null) {
            return division.equals(divisionOfStation);
        }
        return true;
    }

    /** How the audit trail labels the supervisor, e.g. {@code SUPERVISOR @ 500103}. */
    String auditLabel() {
        return "SUPERVISOR" + (station != null ? " @ " + station : division != null ? " @ " + division : "");
    }

    private static String blankToNull(String claim) {
        return claim == null || claim.isBlank() ? null : claim;
    }
}
