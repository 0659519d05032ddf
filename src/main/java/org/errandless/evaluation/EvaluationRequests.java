package org.errandless.evaluation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the evaluation endpoints. */
public final class EvaluationRequests {

    private EvaluationRequests() {
    }

    /** The applicant's rating. */
    @Schema(name = "EvaluationRequest")
    public record Give(
            @NotNull @Min(1) @Max(5) @Schema(description = "1 (very dissatisfied, 非常不满意) to 5 (very satisfied, "
                    + "非常满意); 1 and 2 open a rectification task", minimum = "1", maximum = "5", example = "5",
                    required = true) Integer score,
            @Size(max = 500) @Schema(description = "Optional, at most 500 characters; supervisors read it",
                    maxLength = 500, nullable = true, example = "办理很快，不用跑腿") String comment) {
    }

    /** How a supervisor closes a rectification task. */
    @Schema(name = "RectificationRequest")
    public record Rectify(
            @NotBlank @Size(max = 1000) @Schema(description = "What was done about the complaint, at most 1000 "
                    + "characters; the applicant sees it", maxLength = 1000, required = true,
                    example = "已约谈窗口民警，补充了材料清单告知，并电话回访申请人") String note) {
    }

    /** The applicant's second score, after the rectification was closed. */
    @Schema(name = "ReratingRequest")
    public record Rerate(
            @NotNull @Min(1) @Max(5) @Schema(description = "1 (very dissatisfied) to 5 (very satisfied); counts in the "
                    + "statistics instead of the first score, which is kept", minimum = "1", maximum = "5",
                    example = "4", required = true) Integer score,
            @Size(max = 500) @Schema(description = "Optional, at most 500 characters", maxLength = 500,
                    nullable = true, example = "整改后电话回访，问题已解决") String comment) {
    }

    /** An officer's appeal against a review as abusive. */
    @Schema(name = "AppealRequest")
    public record Appeal(
            @NotBlank @Size(max = 1000) @Schema(description = "Why the review is abusive, at most 1000 characters; "
                    + "the supervisors and the applicant read it", maxLength = 1000, required = true,
                    example = "评价内容与办件无关，含辱骂性语言") String reason) {
    }

    /** A supervisor's decision on an appeal. */
    @Schema(name = "AppealDecisionRequest")
    public record DecideAppeal(
            @NotNull @Schema(description = "true upholds the appeal (the review leaves the statistics, an open "
                    + "rectification task closes with the note); false rejects it", required = true,
                    example = "true") Boolean upheld,
            @NotBlank @Size(max = 1000) @Schema(description = "Why, at most 1000 characters; the officers and the "
                    + "applicant read it", maxLength = 1000, required = true,
                    example = "经核查评价内容属恶意差评，申诉成立") String note) {
    }
}
