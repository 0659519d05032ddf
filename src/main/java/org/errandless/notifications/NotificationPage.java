package org.errandless.notifications;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The spec's name for a {@code Page<NotificationItem>}: documentation only, the endpoint answers a {@code Page}. */
@Schema(name = "NotificationPage")
record NotificationPage(
        @Schema(description = "Messages, newest first") List<NotificationItem> items,
        @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true)
        String nextCursor) {
}
