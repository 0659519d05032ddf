package org.errandless.sharing;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One read of the citizen's data, in plain words; repeated reads of the same thing by the same reader within ten
 * minutes are one item with their {@code count} and the time of the last ({@code lastAt}).
 */
@Schema(name = "DataAccessItem")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DataAccessItem(
        @Schema(description = "When (the first read, where several are folded into this item)",
                example = "2026-09-30T02:00:00Z") Instant when,
        @Schema(description = "Who: the department, or the station and role", example = "重庆市民政局") String who,
        @Schema(description = "What was read", example = "户籍居住状态核验") String what,
        @Schema(description = "Why", example = "最低生活保障审核确认") String purpose,
        @Schema(description = "The rule that allows it, where one is named", nullable = true,
                example = "《社会救助暂行办法》") String legalBasis,
        @Schema(description = "How many reads this item stands for: the same reader reading the same thing again "
                + "within ten minutes of the first adds to it instead of a new item", example = "3") int count,
        @Schema(description = "When the last of those reads happened (`when` for a single read)",
                example = "2026-09-30T02:07:12Z") Instant lastAt) {
}
