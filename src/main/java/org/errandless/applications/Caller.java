package org.errandless.applications;

import java.util.UUID;

import org.errandless.common.security.AssuranceLevel;

/**
 * Who is calling, from the token: a citizen (account and assurance level) or an officer (staff id and station).
 *
 * @param accountId the citizen's account; null for staff
 * @param level the citizen's assurance level ({@code acr}); null for staff
 * @param staffId the staff member's subject; null for citizens
 * @param station the officer's station; null for citizens (and for staff without one)
 */
public record Caller(UUID accountId, AssuranceLevel level, String staffId, String station) {

    public static Caller citizen(UUID accountId, AssuranceLevel level) {
        return new Caller(accountId, level, null, null);
    }

    public static Caller officer(String staffId, String station) {
        return new Caller(null, null, staffId, station);
    }

    public boolean isCitizen() {
        return accountId != null;
    }
}
