package org.errandless.notifications;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message of the outbox as the admin delivery view shows it: its state, never its text. */
@Schema(name = "OutboxEntry")
public record OutboxEntry(
        @Schema(required = true, example = "5b0e8d0c-2f4e-4a8e-9d43-7b1c2a9f0e11") UUID id,
        @Schema(required = true) MessageChannel channel,
        @Schema(required = true) MessagePurpose purpose,
        @Schema(description = "SMS: the phone, masked", nullable = true, example = "138****0001") String phone,
        @Schema(description = "The citizen account it is for, where known (always for PUSH)", nullable = true,
                example = "9b2f6a51-3d0e-4c57-8f0e-2f1b0d6f7a10") UUID recipientAccountId,
        @Schema(description = "What it is about, e.g. the application", nullable = true,
                example = "7c9e6679-7425-40de-944b-e07fc1f90ae7") UUID subjectId,
        @Schema(required = true) MessageStatus status,
        @Schema(description = "Delivery attempts so far", example = "5", required = true) int attempts,
        @Schema(description = "Why the last attempt failed, if it did", nullable = true,
                example = "HTTP 503 (3 tries)") String lastError,
        @Schema(required = true, example = "2026-09-30T02:00:00Z") Instant createdAt,
        @Schema(description = "When the next attempt is due (PENDING only)", nullable = true,
                example = "2026-09-30T02:00:30Z") Instant nextAttemptAt,
        @Schema(nullable = true, example = "2026-09-30T02:00:01Z") Instant sentAt) {
}
