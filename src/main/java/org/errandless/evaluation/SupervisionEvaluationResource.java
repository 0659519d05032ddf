package org.errandless.evaluation;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.Page;
import org.errandless.common.web.idempotency.Idempotent;

/** Supervision of evaluations: the bad reviews in a supervisor's scope and their rectification (差评整改). */
@Path("/api/v1/supervision/evaluations")
@Tag(name = "Supervision", description = "For supervisors (督查): deadline warnings (电子监察), statistics, "
        + "evaluations in their scope, the rectification of bad ones and appeals against them. A supervisor's scope is the `station` claim of the token (one station), else its `division` "
        + "claim (every station of that district), else the whole city.")
public class SupervisionEvaluationResource {

    static final String ITEM_EXAMPLE = """
            {"id": "6a1f0c4e-2b7d-4d1a-9e0f-5c3b2a1d0e9f", "applicationId": "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11",
             "serviceCode": "HOUSEHOLD_CERTIFICATE",
             "serviceName": {"zh": "户籍证明", "en": "Household registration certificate"},
             "station": "50010301", "stationName": "渝中区解放碑派出所(demo)", "score": 2,
             "comment": "窗口告知材料不一次说清，跑了两次", "flagged": true, "createdAt": "2026-09-30T02:00:00Z",
             "applicant": "张*", "rerating": null, "countedScore": 2, "excludedFromStatistics": false,
             "rectification": {"status": "CLOSED", "openedAt": "2026-09-30T02:00:00Z", "dueDate": "2026-10-23",
              "warningLevel": "NONE", "closedAt": "2026-10-08T03:00:00Z",
              "note": "已约谈窗口民警，补充了材料清单告知，并电话回访申请人"}, "appeal": null}""";
    static final String EVALUATION_ID_EXAMPLE = "6a1f0c4e-2b7d-4d1a-9e0f-5c3b2a1d0e9f";

    @Inject
    EvaluationService evaluations;
    @Inject
    JsonWebToken jwt;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "listSupervisedEvaluations",
            summary = "Evaluations in scope", description = "Evaluations of applications handled by the stations "
            + "the supervisor oversees, newest first, in cursor pages, with comments and the state of their "
            + "rectification; the applicant's name is masked. `flagged=true` lists the bad ones (score 1 or 2, each "
            + "with a rectification task), `flagged=false` the others, no `flagged` all. Each listed evaluation is "
            + "recorded in its applicant's data-access log.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SupervisedPage.class),
            examples = @ExampleObject(name = "flagged", value = "{\"items\": [" + ITEM_EXAMPLE
                    + "], \"nextCursor\": null}")))
    @APIResponse(responseCode = "400", description = "A cursor this API did not issue, a limit outside 1..100 or "
            + "`flagged` not a boolean (`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a supervisor (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<SupervisedEvaluation> list(
            @Parameter(description = "true: only flagged (score 1–2); false: only the others; absent: all",
                    example = "true", schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("flagged") String flagged,
            @Parameter(description = "Only evaluations with an appeal in this state (PENDING: waiting for a "
                    + "decision)", example = "PENDING", schema = @Schema(type = SchemaType.STRING,
                            enumeration = { "PENDING", "UPHELD", "REJECTED" })) @QueryParam("appeal") String appeal,
            @Parameter(description = "`nextCursor` of the previous page", example = "MTc1OTE5NzYwMDAwMDAwMB9hYmM")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1..100 (default 20)", example = "20", schema = @Schema(
                    type = SchemaType.INTEGER, format = "int32", minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryParam("limit") Integer limit) {
        return evaluations.list(SupervisorScope.of(jwt), flag(flagged), appealStatus(appeal), cursor, limit);
    }

    @POST
    @Path("{id}/appeal/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    @Idempotent
    @Operation(operationId = "recordAppealDecision",
            summary = "Decide an appeal against a review", description = "A supervisor whose scope covers the "
            + "handling station decides the officers' appeal against a review as abusive, once: `upheld: true` "
            + "takes the review out of the statistics (it stays visible, with the appeal and this decision) and closes "
            + "an open rectification task with the decision as its note; `upheld: false` rejects the appeal. "
            + "Recorded in the audit trail.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvaluationRequests.DecideAppeal.class), examples = @ExampleObject(
                    name = "upheld", value = "{\"upheld\": true, \"note\": \"经核查评价内容属恶意差评，申诉成立\"}")))
    @APIResponse(responseCode = "200", description = "The evaluation with the decided appeal", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SupervisedEvaluation.class),
            examples = @ExampleObject(name = "decided", value = ITEM_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No decision or note, or a note longer than 1000 characters "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a supervisor (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such evaluation in the supervisor's scope, or no appeal "
            + "against it (`not-found`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already decided (`appeal-already-decided`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SupervisedEvaluation decideAppeal(
            @Parameter(description = "The evaluation", example = EVALUATION_ID_EXAMPLE) @PathParam("id") UUID id,
            @Valid @NotNull EvaluationRequests.DecideAppeal request) {
        return evaluations.decideAppeal(SupervisorScope.of(jwt), id, request.upheld(), request.note());
    }

    private static EvaluationAppeal.Status appealStatus(String appeal) {
        if (appeal == null) {
            return null;
        }
        try {
            return EvaluationAppeal.Status.valueOf(appeal);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("appeal",
                    "must be PENDING, UPHELD or REJECTED", "invalid")));
        }
    }

    @POST
    @Path("{id}/rectification")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    @Idempotent
    @Operation(operationId = "recordRectification",
            summary = "Close a rectification (整改)", description = "A supervisor whose scope covers the handling "
            + "station closes the rectification task of a flagged evaluation, saying what was done; the applicant "
            + "sees the note with the evaluation. Once only; recorded in the audit trail.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvaluationRequests.Rectify.class), examples = @ExampleObject(
                    name = "done", value = "{\"note\": \"已约谈窗口民警，补充了材料清单告知，并电话回访申请人\"}")))
    @APIResponse(responseCode = "200", description = "The evaluation with its closed rectification",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SupervisedEvaluation.class),
                    examples = @ExampleObject(name = "closed", value = ITEM_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No note, or one longer than 1000 characters "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a supervisor (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such evaluation in the supervisor's scope, or one that is "
            + "not flagged (no task) (`not-found`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already closed (`rectification-already-closed`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SupervisedEvaluation rectify(
            @Parameter(description = "The evaluation", example = EVALUATION_ID_EXAMPLE) @PathParam("id") UUID id,
            @Valid @NotNull EvaluationRequests.Rectify request) {
        return evaluations.rectify(SupervisorScope.of(jwt), id, request.note());
    }

    /** Strictly true or false: a lenient parse would read any typo as false and list the wrong half. */
    private static Boolean flag(String flagged) {
        if (flagged == null) {
            return null;
        }
        if (flagged.equals("true") || flagged.equals("false")) {
            return Boolean.valueOf(flagged);
        }
        throw ProblemException.validation(List.of(new Problem.InvalidParam("flagged", "must be true or false",
                "wrong-type")));
    }

    /** The list body, named for the spec. */
    @Schema(name = "SupervisedEvaluationPage")
    public static class SupervisedPage {
        @Schema(required = true)
        public List<SupervisedEvaluation> items;
        @Schema(nullable = true)
        public String nextCursor;
    }
}
