package org.errandless.sharing;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One read of the citizen's data, in plain words. */
@Schema(name = "DataAccessItem")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DataAccessItem(
        @Schema(description = "When", example = "2026-09-30T02:00:00Z") Instant when,
        @Schema(description = "Who: the department, or the station and role", example = "重庆市民政局") String who,
        @Schema(description = "What was read", example = "户籍居住状态核验") String what,
        @Schema(description = "Why", example = "最低生活保障审核确认") String purpose,
        @Schema(description = "The rule that allows it, where one is named", nullable = true,
                example = "《社会救助暂行办法》") String legalBasis) {
}
