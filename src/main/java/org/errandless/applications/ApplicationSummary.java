package org.errandless.applications;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.catalog.LocalisedText;

/**
 * An application in a list or the officer's queue: no form, and no personal data for staff, so an officer's listing is
 * not a read of the applicant's data (only opening one is, and that is recorded). A citizen's own list names the
 * parties where someone acts for someone else, as the application does: the citizen is one of them.
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
        WarningLevel warningLevel,
        @Schema(nullable = true, example = "AUTHORISATION", description = "On what ground the applicant acts for the "
                + "subject (GUARDIAN, AUTHORISATION), as the application says; null when applying for oneself")
        ActingBasis actingBasis,
        @Schema(nullable = true, description = "In a citizen's list, where someone acts for someone else: who made "
                + "the application (ID number masked), as the application shows it; null when applying for oneself "
                + "and always null in an officer's list and the queue (opening the application is the recorded read)")
        ApplicationView.Party applicant,
        @Schema(nullable = true, description = "In a citizen's list, where someone acts for someone else: whom the "
                + "application is about (ID number masked); null otherwise, as `applicant`")
        ApplicationView.Party subject) {
}
