package org.errandless.supervision;

import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.applications.WarningLevel;
import org.errandless.catalog.LocalisedText;

/** An open deadline warning in a supervisor's scope; no personal data. */
@Schema(name = "Alert", description = "An open deadline warning (电子监察): an application's running deadline, or a "
        + "rectification task's due date, at most one working day away (YELLOW) or past (RED)")
public record AlertView(
        @Schema(example = "APPLICATION", required = true) WarningSubject kind,
        @Schema(example = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11", required = true, description = "The application, "
                + "or for a RECTIFICATION the evaluation (see `GET /supervision/evaluations`)") UUID subjectId,
        @Schema(example = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11", required = true) UUID applicationId,
        @Schema(example = "50010801", required = true) String stationCode,
        @Schema(example = "南岸区南坪派出所(demo)", nullable = true) String stationName,
        @Schema(example = "ADDRESS_CHANGE", required = true) String serviceCode,
        @Schema(required = true) LocalisedText serviceName,
        @Schema(example = "RED", required = true) WarningLevel level,
        @Schema(example = "2026-10-14", required = true, description = "The business date the level was entered")
        LocalDate since,
        @Schema(example = "2026-10-13", required = true) LocalDate deadline,
        @Schema(example = "-1", required = true, description = "Working days left until the deadline (0 on the day, "
                + "negative once overdue)") int remainingWorkingDays) {
}
