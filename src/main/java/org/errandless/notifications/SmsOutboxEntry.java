package org.errandless.notifications;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A text message in the outbox as the development SMS outbox shows it. */
@Schema(name = "SmsOutboxEntry")
public record SmsOutboxEntry(
        @Schema(example = "5b0e8d0c-2f4e-4a8e-9d43-7b1c2a9f0e11") UUID id,
        @Schema(description = "Recipient, masked", example = "138****0001") String phone,
        MessagePurpose purpose,
        @Schema(description = "The text; null once removed after delivery by a real gateway", nullable = true,
                example = "【重庆户籍】验证码 123456，5分钟内有效。请勿告诉他人。") String text,
        @Schema(description = "Whether the text was removed after delivery", example = "false") boolean redacted,
        MessageStatus status,
        @Schema(description = "Delivery attempts so far", example = "1") int attempts,
        @Schema(description = "Why the last attempt failed, if it did", nullable = true,
                example = "HTTP 503 (3 tries)") String lastError,
        @Schema(example = "2026-09-30T02:00:00Z") Instant createdAt,
        @Schema(nullable = true, example = "2026-09-30T02:00:01Z") Instant sentAt) {
}
