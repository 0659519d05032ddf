package org.errandless.catalog;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A text in Chinese and English. The catalogue serves both, so one representation (and one ETag) fits every caller
 * whatever its {@code Accept-Language}.
 */
@Schema(name = "LocalisedText", description = "A text in Chinese (zh) and English (en)")
public record LocalisedText(
        @Schema(example = "出生登记", required = true) String zh,
        @Schema(example = "Birth registration", required = true) String en) {
}
