package org.errandless.identity.token;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who a token speaks for, as of now.
 *
 * @param accountType CITIZEN or STAFF
 * @param accountId the account's id ({@code sub})
 * @param roles the {@code groups} claim
 * @param assuranceLevel L1..L3 for citizens
 * @param stationCode an officer's or station supervisor's station
 * @param divisionCode a district supervisor's division
 * @param claims further claims the account's feature decides as of now (e.g. a staff member's enrolment deadline for
 *        the second factor); never one of the claims the token service sets itself
 */
public record TokenSubject(String accountType, UUID accountId, Set<String> roles, Optional<String> assuranceLevel,
        Optional<String> stationCode, Optional<String> divisionCode, Map<String, Object> claims) {

    public TokenSubject {
        claims = Map.copyOf(claims);
    }

    /** A subject without further claims. */
    public TokenSubject(String accountType, UUID accountId, Set<String> roles, Optional<String> assuranceLevel,
            Optional<String> stationCode, Optional<String> divisionCode) {
        this(accountType, accountId, roles, assuranceLevel, stationCode, divisionCode, Map.of());
    }
}
