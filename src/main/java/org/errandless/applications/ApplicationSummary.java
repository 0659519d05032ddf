package org.errandless.applications;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.catalog.LocalisedText;

/**
 * An application in a list or the officer's queue: no form and no personal data, so listing is not a read of the
 * applicant's data (only opening one is, and that is recorded).
 */
@Schema(name = "ApplicationSummary", description = "An application in a list: status and deadlines, no form")
public record ApplicationSummary(
        @Schema(example = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11", required = true) UUID id,
        @Schema(example = "BIRTH_REGISTRATION", required = true) String serviceCode,
        @Schema(required = true) LocalisedText serviceName,
        @Schema(example = "SUBMITTED", required = true) ApplicationStatus status,
        @Schema(example = "50010301", nullable = true) String handlingStation,
        @Schema(required = true) Instant createdAt,
        @Schema(nullable = true) Instant submittedAt,
        @Schema(example = "2026-10-13", nullable = true) LocalDate acceptanceDueDate,
        @Schema(example = "2026-10-14", nullable = true) LocalDate dueDate,
        @Schema(example = "false", required = true) boolean dueDateProvisional,
        @Schema(example = "3", nullable = true) Integer remainingWorkingDays,
        @Schema(example = "false", required = true) boolean overdue,
        @Schema(example = "YELLOW", required = true, description = "The running deadline's warning (电子监察): RED "
                + "overdue, YELLOW at most one working day left, NONE otherwise or where no clock runs")
        WarningLevel warningLevel) {
}
