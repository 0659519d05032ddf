package org.errandless.notifications;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message to the signed-in citizen as their list shows it. */
@Schema(name = "Notification", description = "A status-change message to the signed-in citizen")
public record NotificationItem(
        @Schema(required = true, example = "0f8fad5b-d9cb-469f-a165-70867728950e") UUID id,
        @Schema(description = "The application it is about", nullable = true,
                example = "7c9e6679-7425-40de-944b-e07fc1f90ae7") UUID applicationId,
        @Schema(required = true, example = "您的出生登记申请已受理，办理期限至10月13日。") String text,
        @Schema(required = true, example = "2026-09-30T02:00:00Z") Instant createdAt,
        @Schema(description = "How far each channel's delivery got: PENDING, SENT or FAILED per channel",
                example = "{\"SMS\": \"SENT\", \"PUSH\": \"PENDING\"}")
        Map<MessageChannel, MessageStatus> channelStates) {
}
