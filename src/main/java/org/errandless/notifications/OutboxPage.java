package org.errandless.notifications;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The spec's name for a {@code Page<OutboxEntry>}: documentation only, the endpoint answers a {@code Page}. */
@Schema(name = "OutboxPage")
record OutboxPage(
        @Schema(description = "Messages, newest first") List<OutboxEntry> items,
        @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true)
        String nextCursor) {
}
