package org.errandless.evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.applications.WarningLevel;

/**
 * An evaluation as its applicant and the officers of the handling station see it.
 *
 * @param rerating the applicant's second score after the rectification was closed; null until given
 * @param countedScore the score the statistics count; null once an appeal was upheld
 * @param rectification the task a flagged evaluation opened; null when not flagged
 * @param appeal the officers' appeal against the review as abusive; null when none was filed
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
        @Schema(nullable = true, description = "The applicant's second score, given once after the rectification "
                + "was closed; both are kept and the later one counts") Rerating rerating,
        @Schema(example = "2", nullable = true, description = "The score the statistics count: the re-rating where "
                + "there is one; null once an appeal against the review was upheld") Integer countedScore,
        @Schema(example = "false", required = true, description = "An appeal against the review as abusive was "
                + "upheld: it stays visible but leaves the statistics") boolean excludedFromStatistics,
        @Schema(nullable = true) Rectification rectification,
        @Schema(nullable = true) Appeal appeal) {

    /** The rectification (整改) of a flagged evaluation. */
    @Schema(name = "Rectification")
    public record Rectification(
            @Schema(example = "CLOSED", required = true) RectificationTask.Status status,
            @Schema(required = true) Instant openedAt,
            @Schema(example = "2026-10-22", required = true, description = "The supervisors have until this day (15 "
                    + "working days after the evaluation)") LocalDate dueDate,
            @Schema(example = "NONE", required = true, description = "While OPEN: YELLOW at most one working day "
                    + "left, RED overdue; NONE otherwise and once closed") WarningLevel warningLevel,
            @Schema(nullable = true) Instant closedAt,
            @Schema(nullable = true, example = "已约谈窗口民警，补充了材料清单告知，并电话回访申请人",
                    description = "What the supervisor did (the response the applicant sees); null while OPEN")
            String note) {
    }

    /** The applicant's second score. */
    @Schema(name = "Rerating")
    public record Rerating(
            @Schema(example = "4", minimum = "1", maximum = "5", required = true) int score,
            @Schema(example = "整改后电话回访，问题已解决", nullable = true) String comment,
            @Schema(required = true) Instant at) {
    }

    /** The officers' appeal against the review as abusive, and the supervisor's decision. */
    @Schema(name = "EvaluationAppeal")
    public record Appeal(
            @Schema(example = "UPHELD", required = true) EvaluationAppeal.Status status,
            @Schema(example = "评价内容与办件无关，含辱骂性语言", required = true) String reason,
            @Schema(required = true) Instant filedAt,
            @Schema(nullable = true) Instant decidedAt,
            @Schema(example = "经核查评价内容属恶意差评，申诉成立", nullable = true) String decisionNote) {
    }
}
