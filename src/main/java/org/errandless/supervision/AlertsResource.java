package org.errandless.supervision;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;
import org.errandless.common.web.Page;
import org.errandless.evaluation.SupervisorScope;

/** The open deadline warnings (电子监察) in a supervisor's scope. */
@Path("/api/v1/supervision/alerts")
@Tag(name = "Supervision")
public class AlertsResource {

    static final String PAGE_EXAMPLE = """
            {"items": [{"kind": "APPLICATION", "subjectId": "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11",
              "applicationId": "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11", "stationCode": "50010801",
              "stationName": "南岸区南坪派出所(demo)", "serviceCode": "ADDRESS_CHANGE",
              "serviceName": {"zh": "住址变更", "en": "Address change"}, "level": "RED", "since": "2026-10-14",
              "deadline": "2026-10-13", "remainingWorkingDays": -1},
             {"kind": "RECTIFICATION", "subjectId": "6a1f0c4e-2b7d-4d1a-9e0f-5c3b2a1d0e9f",
              "applicationId": "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a", "stationCode": "50010801",
              "stationName": "南岸区南坪派出所(demo)", "serviceCode": "HOUSEHOLD_CERTIFICATE",
              "serviceName": {"zh": "户籍证明", "en": "Household registration certificate"}, "level": "YELLOW",
              "since": "2026-10-14", "deadline": "2026-10-15", "remainingWorkingDays": 1}],
             "nextCursor": null}""";

    @Inject
    AlertService alerts;
    @Inject
    JsonWebToken jwt;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "listSupervisionAlerts",
            summary = "Deadline warnings in scope (电子监察)", description = "The open warnings of the stations the "
            + "supervisor oversees: applications whose running deadline (acceptance due date while SUBMITTED, the "
            + "service's due date from acceptance, kept while APPROVED) is at most one working day away (YELLOW) or "
            + "past (RED), and rectification tasks of bad reviews likewise; suspended applications are never flagged. "
            + "RED first, then YELLOW, each by deadline; cursor pages. Levels move when a transition changes a "
            + "deadline and, as the business date moves on, by a job within minutes after midnight (Asia/Shanghai); "
            + "each change to YELLOW or RED was pushed once to the station's officers and the supervisors in scope "
            + "(`GET /staff/notifications`). No personal data.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertPage.class),
            examples = @ExampleObject(name = "page", value = PAGE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A malformed station code, an unknown service, a level other "
            + "than YELLOW or RED, an unknown kind, a cursor this API did not issue or a limit outside 1..100 "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a supervisor (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "A station the supervisor does not oversee (`not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<AlertView> list(
            @Parameter(description = "Only this station (in the supervisor's scope)", example = "50010801")
            @QueryParam("stationCode") String stationCode,
            @Parameter(description = "Only this service", example = "ADDRESS_CHANGE") @QueryParam("serviceCode")
            String serviceCode,
            @Parameter(description = "Only this level", example = "RED", schema = @Schema(type = SchemaType.STRING,
                    enumeration = { "YELLOW", "RED" })) @QueryParam("level") String level,
            @Parameter(description = "Only applications or only rectification tasks", example = "APPLICATION",
                    schema = @Schema(type = SchemaType.STRING, enumeration = { "APPLICATION", "RECTIFICATION" }))
            @QueryParam("kind") String kind,
            @Parameter(description = "`nextCursor` of the previous page", example = "MB8yMDI2LTEwLTEzH0FQUExJQ0FUSU9O")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1..100 (default 20)", example = "20", schema = @Schema(
                    type = SchemaType.INTEGER, format = "int32", minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryParam("limit") Integer limit) {
        return alerts.list(SupervisorScope.of(jwt), stationCode, serviceCode, level, kind, cursor, limit);
    }

    /** The list body, named for the spec. */
    @Schema(name = "AlertPage")
    public static class AlertPage {
        @Schema(required = true)
        public List<AlertView> items;
        @Schema(nullable = true)
        public String nextCursor;
    }
}
