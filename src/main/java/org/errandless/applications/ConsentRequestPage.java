package org.errandless.applications;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The spec's name for a {@code Page<ConsentRequestItem>}: documentation only, the endpoint answers a {@code Page}. */
@Schema(name = "ConsentRequestPage")
record ConsentRequestPage(
        @Schema(description = "Requests, newest first") List<ConsentRequestItem> items,
        @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true)
        String nextCursor) {
}
