package org.errandless.identity.citizen;

import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A member of the citizen's household, ID number masked. */
@Schema(name = "HouseholdMember")
public record HouseholdMemberView(UUID id, @Schema(example = "张子轩") String name,
        @Schema(example = "500103********0330") String idNumber, @Schema(example = "M") String sex,
        @Schema(example = "2018-09-05") LocalDate birthDate, @Schema(example = "汉族") String ethnicity,
        @Schema(description = "Relationship to the head of household", example = "SON") String relationship,
        @Schema(example = "ACTIVE") String status) {
}
