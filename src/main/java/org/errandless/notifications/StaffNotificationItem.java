package org.errandless.notifications;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message in a staff member's inbox. */
@Schema(name = "StaffNotification", description = "A message to the signed-in officer or supervisor, e.g. a deadline "
        + "warning")
public record StaffNotificationItem(
        @Schema(required = true, example = "5b1f7c9e-2d4a-4c3b-8e6f-0a9d8c7b6a51") UUID id,
        @Schema(required = true, example = "DEADLINE_WARNING") MessagePurpose purpose,
        @Schema(description = "What it is about: the application, or the evaluation of a rectification task",
                nullable = true, example = "7c9e6679-7425-40de-944b-e07fc1f90ae7") UUID subjectId,
        @Schema(required = true, example = "【红色预警】南岸区南坪派出所(demo) 住址变更 办件已超期（期限10月13日）。")
        String text,
        @Schema(required = true, example = "2026-10-14T00:05:00Z") Instant createdAt) {
}
