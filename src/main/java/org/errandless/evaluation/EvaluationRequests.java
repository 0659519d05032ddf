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
}
