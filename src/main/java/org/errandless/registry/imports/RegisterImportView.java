package org.errandless.registry.imports;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A register import as admins see it: where it stands and, once applied, what it did. Counts are records (stations,
 * households and persons) except {@code linesRead} (every line, blank ones too) and {@code rejected} (lines).
 */
@Schema(name = "RegisterImport")
public record RegisterImportView(
        @Schema(description = "The import's id") UUID id,
        @Schema(description = "QUEUED (received, waiting), RUNNING (being applied), SUCCEEDED (applied), FAILED "
                + "(not applied at all; see failureCode)") RegisterImportState state,
        @Schema(description = "API (this endpoint) or COMMAND_LINE (`java -jar … import FILE`)")
        RegisterImportSource source,
        @Schema(description = "SHA-256 (hex) of the body as received, to tell extracts apart")
        String sha256,
        @Schema(description = "Bytes received") long bytes,
        @Schema(description = "Lines read, blank lines included") long linesRead,
        @Schema(description = "Records created (null until SUCCEEDED)", nullable = true) Long created,
        @Schema(description = "Records changed (null until SUCCEEDED)", nullable = true) Long updated,
        @Schema(description = "Records already as the extract says (null until SUCCEEDED)", nullable = true)
        Long unchanged,
        @Schema(description = "Lines rejected, listed with line number and reason at `…/rejections` (null until "
                + "SUCCEEDED)", nullable = true) Long rejected,
        @Schema(description = "The same counts per kind of record (null until SUCCEEDED)", nullable = true)
        ByType byType,
        @Schema(description = "When it was received") Instant createdAt,
        @Schema(description = "When an instance first started applying it", nullable = true) Instant startedAt,
        @Schema(description = "When it SUCCEEDED or FAILED", nullable = true) Instant finishedAt,
        @Schema(description = "Why it FAILED: `interrupted` (its instance died too often while applying it), "
                + "`staging-lost` (PostgreSQL restarted and lost the staged lines: send the extract again), "
                + "`apply-failed` (see the log under this import's id)", nullable = true) String failureCode,
        @Schema(description = "The failure in words", nullable = true) String failureDetail) {

    /** Records created, updated and left unchanged. */
    @Schema(name = "RegisterImportCounts")
    public record Counts(long created, long updated, long unchanged) {
    }

    /** Counts per kind of record. */
    @Schema(name = "RegisterImportCountsByType")
    public record ByType(Counts stations, Counts households, Counts persons) {
    }
}
