package org.errandless.applications;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.catalog.LocalisedText;

/**
 * A request for the consent of a household's head, as the head sees it: only what they need to answer, nothing of
 * the applicant but a masked name and the relationship the applicant claims.
 */
@Schema(name = "ConsentRequest", description = "Someone asks to move into the household the signed-in citizen heads "
        + "(MOVE_IN, 投靠) and needs their consent")
public record ConsentRequestItem(
        @Schema(required = true, example = "3f2b8c1e-7a4d-4e55-9b0a-2d6c8e1f4a90") UUID id,
        @Schema(required = true, description = "The application's reference (its id)",
                example = "7c9e6679-7425-40de-944b-e07fc1f90ae7") UUID applicationId,
        @Schema(required = true, example = "MOVE_IN") String serviceCode,
        @Schema(required = true) LocalisedText serviceName,
        @Schema(required = true, description = "The applicant's name, masked: the family name and one star per "
                + "further character", example = "李*") String applicantName,
        @Schema(required = true, description = "The applicant's relationship to the head as the application claims "
                + "it (SPOUSE, SON, DAUGHTER, FATHER, MOTHER, GRANDSON, GRANDDAUGHTER, GRANDFATHER, GRANDMOTHER, "
                + "SON_IN_LAW, DAUGHTER_IN_LAW, BROTHER, SISTER, OTHER)", example = "DAUGHTER") String relationshipToHead,
        @Schema(required = true, description = "PENDING: waiting for the answer; GRANTED, REFUSED: answered (final); "
                + "CLOSED: the application was withdrawn or rejected before an answer, or asks someone else now",
                enumeration = { "PENDING", "GRANTED", "REFUSED", "CLOSED" }, example = "PENDING")
        MoveInConsents.State state,
        @Schema(required = true, description = "When the application was submitted and the head asked",
                example = "2026-09-30T02:00:00Z") Instant askedAt,
        @Schema(nullable = true, description = "When the head answered; null while PENDING or CLOSED",
                example = "2026-09-30T03:15:00Z") Instant answeredAt) {
}
