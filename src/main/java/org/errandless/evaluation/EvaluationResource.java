package org.errandless.evaluation;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.applications.ApplicationLookup;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.ETags;
import org.errandless.common.web.idempotency.Idempotent;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The applicant's evaluation (好差评) of a decided application. */
@Path("/api/v1/applications/{id}/evaluation")
@Tag(name = "Evaluations", description = "The applicant rates a decided application once, 1 to 5 (好差评); 1 and 2 "
        + "open a rectification task (整改) for the supervisors of the handling station.")
public class EvaluationResource {

    static final String ID_EXAMPLE = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11";
    static final String ETAG_EXAMPLE = "\"n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg\"";
    static final String VIEW_EXAMPLE = """
            {"id": "6a1f0c4e-2b7d-4d1a-9e0f-5c3b2a1d0e9f", "applicationId": "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11",
             "serviceCode": "HOUSEHOLD_CERTIFICATE", "station": "50010301", "score": 2,
             "comment": "窗口告知材料不一次说清，跑了两次", "flagged": true, "createdAt": "2026-09-30T02:00:00Z",
             "rerating": null, "countedScore": 2, "excludedFromStatistics": false,
             "rectification": {"status": "OPEN", "openedAt": "2026-09-30T02:00:00Z", "dueDate": "2026-10-23",
              "warningLevel": "NONE", "closedAt": null, "note": null}, "appeal": null}""";
    static final String RERATED_EXAMPLE = """
            {"id": "6a1f0c4e-2b7d-4d1a-9e0f-5c3b2a1d0e9f", "applicationId": "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11",
             "serviceCode": "HOUSEHOLD_CERTIFICATE", "station": "50010301", "score": 2,
             "comment": "窗口告知材料不一次说清，跑了两次", "flagged": true, "createdAt": "2026-09-30T02:00:00Z",
             "rerating": {"score": 4, "comment": "整改后电话回访，问题已解决", "at": "2026-10-20T02:00:00Z"},
             "countedScore": 4, "excludedFromStatistics": false,
             "rectification": {"status": "CLOSED", "openedAt": "2026-09-30T02:00:00Z", "dueDate": "2026-10-23",
              "warningLevel": "NONE", "closedAt": "2026-10-19T03:00:00Z",
              "note": "已约谈窗口民警，补充了材料清单告知，并电话回访申请人"}, "appeal": null}""";
    static final String NOT_FOUND = "No such application, or not the caller's (`not-found`)";

    @Inject
    EvaluationService evaluations;
    @Inject
    JsonWebToken jwt;
    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Idempotent
    @Operation(operationId = "giveEvaluation",
            summary = "Evaluate an application (好差评)", description = "The applicant rates the handling of an "
            + "application once it is decided (APPROVED, COMPLETED or REJECTED): `score` 1 (very dissatisfied) to 5 "
            + "(very satisfied) and an optional `comment`. A score of 1 or 2 is flagged and opens a rectification "
            + "task for the supervisors of the handling station. Once only. Like every change of an application it "
            + "needs `If-Match` with the caller's current `ETag` of the application (`GET /applications/{id}`); a "
            + "retry with the same `Idempotency-Key` gets the first answer again.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvaluationRequests.Give.class), examples = {
                    @ExampleObject(name = "good", value = "{\"score\": 5, \"comment\": \"办理很快，不用跑腿\"}"),
                    @ExampleObject(name = "bad", value = "{\"score\": 2, \"comment\": \"窗口告知材料不一次说清，跑了两次\"}") }))
    @APIResponse(responseCode = "201", description = "The evaluation", headers = @Header(name = "Location",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = EvaluationView.class),
                    examples = @ExampleObject(name = "flagged", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No score, a score outside 1..5, or a comment longer than 500 "
            + "characters (`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not decided yet, or withdrawn (`invalid-transition`); already "
            + "evaluated (`evaluation-already-given`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "again",
                            value = "{\"type\": \"urn:errandless:problem:evaluation-already-given\", \"title\": "
                                    + "\"已评价\", \"status\": 409, \"detail\": \"This application has already been "
                                    + "evaluated\", \"code\": \"evaluation-already-given\"}")))
    public Response give(@Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "The `ETag` of the application as the caller last read it (required; `*` is "
                    + "refused with 428 `precondition-required`)",
                    example = ETAG_EXAMPLE) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull EvaluationRequests.Give request) {
        EvaluationView view = evaluations.give(ApplicationLookup.callerOf(jwt), id, ifMatch, request.score(),
                request.comment());
        return Response.created(UriBuilder.fromResource(EvaluationResource.class).build(id)).entity(view).build();
    }

    @POST
    @Path("re-rating")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Idempotent
    @Operation(operationId = "giveReRating",
            summary = "Rate again after the rectification", description = "Once the rectification task of a "
            + "flagged evaluation is closed (the supervisor's response is in `rectification.note`), the applicant may "
            + "rate once more: both scores are kept, the later one counts in the statistics (`countedScore`). A low "
            + "second score opens no new task. Needs `If-Match` with the caller's current `ETag` of the application, "
            + "like every change of it.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvaluationRequests.Rerate.class), examples = @ExampleObject(
                    name = "better", value = "{\"score\": 4, \"comment\": \"整改后电话回访，问题已解决\"}")))
    @APIResponse(responseCode = "200", description = "The evaluation with both scores", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EvaluationView.class),
            examples = @ExampleObject(name = "rerated", value = RERATED_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No score, a score outside 1..5, or a comment longer than 500 "
            + "characters (`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND + "; or not evaluated", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "No closed rectification task to rate after "
            + "(`re-rating-not-allowed`); already rated again (`re-rating-already-given`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EvaluationView rerate(
            @Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "The `ETag` of the application as the caller last read it (required)",
                    example = ETAG_EXAMPLE) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull EvaluationRequests.Rerate request) {
        return evaluations.rerate(ApplicationLookup.callerOf(jwt), id, ifMatch, request.score(), request.comment());
    }

    @POST
    @Path("appeal")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Idempotent
    @Operation(operationId = "submitEvaluationAppeal",
            summary = "Appeal a review as abusive", description = "An officer of the handling station appeals a "
            + "flagged review (score 1 or 2) as abusive (恶意差评申诉), once, with a reason. A supervisor in scope then "
            + "upholds it (the review stays visible but leaves the statistics) or rejects it "
            + "(`POST /supervision/evaluations/{id}/appeal/decision`). Recorded in the audit trail.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvaluationRequests.Appeal.class), examples = @ExampleObject(
                    name = "abusive", value = "{\"reason\": \"评价内容与办件无关，含辱骂性语言\"}")))
    @APIResponse(responseCode = "201", description = "The evaluation with its pending appeal", headers = @Header(
            name = "Location", schema = @Schema(type = SchemaType.STRING)), content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EvaluationView.class),
            examples = @ExampleObject(name = "appealed", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No reason, or one longer than 1000 characters "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not an officer (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such application of the officer's station, or not "
            + "evaluated (`not-found`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not a bad review (`appeal-not-allowed`); already appealed "
            + "(`appeal-already-filed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response appeal(@Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Valid @NotNull EvaluationRequests.Appeal request) {
        EvaluationView view = evaluations.appeal(ApplicationLookup.callerOf(jwt), id, request.reason());
        return Response.created(UriBuilder.fromResource(EvaluationResource.class).build(id)).entity(view).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.CITIZEN, Roles.OFFICER })
    @Operation(operationId = "getEvaluation",
            summary = "The evaluation of an application", description = "For the applicant and the officers of "
            + "the handling station; an officer's read is recorded in the applicant's data-access log. Shows the "
            + "rectification of a flagged evaluation (its due date and warning level, and the supervisor's response "
            + "once closed), a re-rating and an appeal with its decision. The application "
            + "itself does not show whether it was evaluated: ask here (404 until it is). `If-None-Match` answers "
            + "304.")
    @APIResponse(responseCode = "200", description = "The evaluation", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = EvaluationView.class),
                    examples = @ExampleObject(name = "flagged", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "Not modified since the tag in `If-None-Match`")
    @APIResponse(responseCode = "403", description = "Neither a citizen nor an officer (`forbidden`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND + "; or not evaluated yet", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get(@Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "A tag from an earlier answer", example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return ETags.conditionalGet(json, evaluations.get(ApplicationLookup.callerOf(jwt), id), ifNoneMatch).build();
    }
}
