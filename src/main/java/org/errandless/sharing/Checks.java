package org.errandless.sharing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Request and answer bodies of the partner checks: each answers the question asked and nothing more. */
public final class Checks {

    private Checks() {
    }

    @Schema(name = "PersonCheckRequest", description = "A check about one person")
    public record PersonCheck(
            @Schema(description = "The person's ID number (in the body, never in a URL)",
                    example = "500103199001011234") @NotBlank @Size(max = 32) String idNumber,
            @Schema(description = "Why the department asks: a code of `GET /api/v1/partner/purposes`",
                    example = "SOCIAL_ASSISTANCE") @Size(max = 64) String purpose) {
    }

    @Schema(name = "RelationshipCheckRequest", description = "A check about two persons")
    public record RelationshipCheck(
            @Schema(description = "The first person's ID number", example = "500103199001011234")
            @NotBlank @Size(max = 32) String idNumber,
            @Schema(description = "The second person's ID number", example = "500103201503052345")
            @NotBlank @Size(max = 32) String otherIdNumber,
            @Schema(description = "Why the department asks: a code of `GET /api/v1/partner/purposes`",
                    example = "SOCIAL_ASSISTANCE") @Size(max = 64) String purpose) {
    }

    @Schema(name = "ResidencyCheckAnswer")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ResidencyAnswer(
            @Schema(description = "Whether the person is registered with us as an active resident") boolean resident,
            @Schema(description = "GB/T 2260 code of the district of their household; null when not resident",
                    nullable = true, example = "500103") String divisionCode) {
    }

    @Schema(name = "RelationshipCheckAnswer")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RelationshipAnswer(
            @Schema(description = "Whether both are active members of one household") boolean sameHousehold,
            @Schema(description = "The second person's relation to the first, derived from both persons' "
                    + "relations to the head; OTHER where it cannot be derived (always OTHER when they do not "
                    + "share a household)", example = "SON") Kinship relationship) {
    }

    @Schema(name = "VitalStatusCheckAnswer")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record VitalStatusAnswer(
            @Schema(description = "Whether the register records the person as deceased") boolean deceased) {
    }

    @Schema(name = "PartnerPurpose")
    public record PurposeView(
            @Schema(description = "The code a check names", example = "SOCIAL_ASSISTANCE") String code,
            @Schema(description = "The purpose in Chinese", example = "最低生活保障审核确认") String name,
            @Schema(description = "The purpose in English", example = "Minimum living allowance review") String nameEn,
            @Schema(description = "The rule that allows the read", example = "《社会救助暂行办法》") String legalBasis) {

        static PurposeView of(Purpose purpose) {
            return new PurposeView(purpose.name(), purpose.label(), purpose.labelEn(), purpose.legalBasis());
        }
    }
}
