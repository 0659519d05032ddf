package org.errandless.registry;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A person as other features see them: the ID number only masked ({@code 500103********0516}). The full number, for
 * the person's own detail view, comes from {@link RegistryService#fullIdNumber(UUID)}.
 */
public record PersonView(UUID id, String maskedIdNumber, String name, Sex sex, LocalDate birthDate, String ethnicity,
        Relationship relationship, PersonStatus status, UUID householdId) {

    public boolean active() {
        return status == PersonStatus.ACTIVE;
    }
}
