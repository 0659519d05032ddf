package org.errandless.evaluation;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.catalog.LocalisedText;

/** An evaluation as a supervisor sees it: with its comment, rectification and appeal, the applicant masked. */
@Schema(name = "SupervisedEvaluation", description = "An evaluation in the supervisor's scope; the applicant is "
        + "masked")
public record SupervisedEvaluation(
        @Schema(example = "6a1f0c4e-2b7d-4d1a-9e0f-5c3b2a1d0e9f", required = true) UUID id,
        @Schema(example = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11", required = true) UUID applicationId,
        @Schema(example = "HOUSEHOLD_CERTIFICATE", required = true) String serviceCode,
        @Schema(required = true) LocalisedText serviceName,
        @Schema(example = "50010301", required = true) String station,
        @Schema(example = "渝中区解放碑派出所(demo)", nullable = true) String stationName,
        @Schema(example = "2", minimum = "1", maximum = "5", required = true) int score,
        @Schema(example = "窗口告知材料不一次说清，跑了两次", nullable = true) String comment,
        @Schema(example = "true", required = true) boolean flagged,
        @Schema(required = true) Instant createdAt,
        @Schema(example = "张*", required = true, description = "The applicant's name, masked") String applicant,
        @Schema(nullable = true) EvaluationView.Rerating rerating,
        @Schema(example = "2", nullable = true, description = "The score the statistics count; null once an appeal "
                + "was upheld") Integer countedScore,
        @Schema(example = "false", required = true) boolean excludedFromStatistics,
        @Schema(nullable = true) EvaluationView.Rectification rectification,
        @Schema(nullable = true) EvaluationView.Appeal appeal) {
}
