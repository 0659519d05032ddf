package org.errandless.registry;

import java.util.List;
import java.util.UUID;

/**
 * A household with its station and its {@link PersonStatus#ACTIVE active} members (head first, then by birth date),
 * members' ID numbers masked. {@code headPersonId} is {@code null} for a household left without active members.
 */
public record HouseholdView(UUID id, String householdNumber, HouseholdType type, String address, StationView station,
        UUID headPersonId, List<PersonView> members) {

    public HouseholdView {
        members = List.copyOf(members);
    }
}
