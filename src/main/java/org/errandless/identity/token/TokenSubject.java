package org.errandless.identity.token;

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
 */
public record TokenSubject(String accountType, UUID accountId, Set<String> roles, Optional<String> assuranceLevel,
        Optional<String> stationCode, Optional<String> divisionCode) {
}
