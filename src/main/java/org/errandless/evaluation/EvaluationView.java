package org.errandless.evaluation;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An evaluation as its applicant and the officers of the handling station see it.
 *
 * @param rectification the task a flagged evaluation opened; null when not flagged
 */
@Schema(name = "Evaluation", description = "The applicant's rating of a decided application (好差评)")
public record EvaluationView(
        @Schema(example = "6a1f0c4e-2b7d-4d1a-9e0f-5c3b2a1d0e9f", required = true) UUID id,
        @Schema(example = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11", required = true) UUID applicationId,
        @Schema(example = "HOUSEHOLD_CERTIFICATE", required = true) String serviceCode,
        @Schema(example = "50010301", required = true, description = "The handling station rated") String station,
        @Schema(example = "2", minimum = "1", maximum = "5", required = true) int score,
        @Schema(example = "窗口告知材料不一次说清，跑了两次", nullable = true) String comment,
        @Schema(example = "true", required = true, description = "Score 1 or 2: a rectification task was opened")
        boolean flagged,
        @Schema(required = true) Instant createdAt,
        @Schema(nullable = true) Rectification rectification) {

    /** The rectification (整改) of a flagged evaluation. */
    @Schema(name = "Rectification")
    public record Rectification(
            @Schema(example = "CLOSED", required = true) RectificationTask.Status status,
            @Schema(required = true) Instant openedAt,
            @Schema(nullable = true) Instant closedAt,
            @Schema(nullable = true, example = "已约谈窗口民警，补充了材料清单告知，并电话回访申请人",
                    description = "What the supervisor did; null while OPEN") String note) {
    }
}
