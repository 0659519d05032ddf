package org.errandless.documents;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A document's metadata as the API shows it. */
@Schema(name = "Document", description = "An uploaded document (metadata; the bytes are at /content)")
public record DocumentView(
        @Schema(example = "7d3f4c2a-1b5e-4e8f-9c6d-2a1b3c4d5e6f") UUID id,
        @Schema(description = "What the citizen says it is, free text", example = "household-register-page",
                nullable = true) String kind,
        @Schema(description = "The original file name, sanitised; metadata only", example = "户口本首页.pdf")
        String filename,
        @Schema(description = "Detected from the bytes, never taken from the client", example = "application/pdf")
        String contentType,
        @Schema(description = "Bytes", example = "183204") long size,
        @Schema(description = "SHA-256 of the bytes, hex", example =
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String sha256,
        @Schema(description = "Image width in pixels; null for PDF", example = "1240", nullable = true) Integer width,
        @Schema(description = "Image height in pixels; null for PDF", example = "1754", nullable = true)
        Integer height,
        @Schema(description = "Virus scan: CLEAN, or NOT_SCANNED where no scanner is configured",
                example = "CLEAN") String scanResult,
        @Schema(example = "2026-09-30T02:00:00Z") Instant createdAt) {
}
