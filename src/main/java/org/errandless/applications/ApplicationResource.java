package org.errandless.applications;

import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
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
import org.errandless.common.problem.Problem;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.common.security.Roles;
import org.errandless.common.web.ETags;
import org.errandless.common.web.PreparedBody;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.identity.token.Claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.NoClassInterceptors;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Applications (办件): the citizen applies and follows; the officers of the handling station decide.
 * <p>
 * Every method states the roles it allows, except the read, which takes the class's: Quarkus REST checks them before
 * the call, and the read skips the CDI interceptor the same annotation binds ({@code @NoClassInterceptors}), which
 * would only confirm that check on the most frequent call of the API.
 */
@Path("/api/v1/applications")
@RolesAllowed({ Roles.CITIZEN, Roles.OFFICER })
@Tag(name = "Applications", description = "A citizen's application for one service item: form, materials, "
        + "submission (with data sharing), the officer's decisions, deadlines and the timeline. Every change needs "
        + "`If-Match` with the caller's current `ETag`.")
public class ApplicationResource {

    /** Media type of a JSON merge patch (RFC 7396). */
    public static final String MERGE_PATCH = "application/merge-patch+json";

    static final String ID_EXAMPLE = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11";
    static final String ETAG_EXAMPLE = "\"n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg\"";
    static final String VIEW_EXAMPLE = """
            {"id": "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11", "serviceCode": "BIRTH_REGISTRATION",
             "serviceName": {"zh": "出生登记", "en": "Birth registration"}, "status": "SUBMITTED",
             "form": {"childBirthDate": "2026-09-20", "childEthnicity": "汉族", "childName": "张小满", "childSex": "F"},
             "handlingStation": "50010301", "createdAt": "2026-09-30T01:58:00Z", "updatedAt": "2026-09-30T02:00:00Z",
             "submittedAt": "2026-09-30T02:00:00Z", "acceptedAt": null, "decidedAt": null,
             "acceptanceDueDate": "2026-10-13", "dueDate": null, "dueDateProvisional": false,
             "remainingWorkingDays": 5, "overdue": false, "warningLevel": "NONE", "suspendedOn": null, "supplementRequest": null,
             "consentToDataSharing": true, "consentAt": "2026-09-30T02:00:00Z", "decision": null,
             "materials": [{"state": "satisfied", "oneOfGroup": null, "materials": [{"code": "BIRTH_MEDICAL_CERTIFICATE",
               "name": {"zh": "出生医学证明", "en": "Birth medical certificate"}, "source": "SHARED",
               "sourceDepartment": "HEALTH", "state": "satisfied", "evidence": {"source": "SHARED", "documentId": null,
               "sourceDepartment": "HEALTH", "reference": "O500103202609200001", "retrievedAt": "2026-09-30T02:00:00Z",
               "digest": "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
               "facts": {"childName": "张小满", "childBirthDate": "2026-09-20"}}, "unavailable": null}]}],
             "optionalMaterials": [],
             "timeline": [{"seq": 1, "at": "2026-09-30T01:58:00Z", "actorRole": "CITIZEN", "action": "create",
               "fromStatus": null, "toStatus": "DRAFT", "comment": null, "visibility": "PUBLIC"},
              {"seq": 2, "at": "2026-09-30T02:00:00Z", "actorRole": "CITIZEN", "action": "submit",
               "fromStatus": "DRAFT", "toStatus": "SUBMITTED", "comment": null, "visibility": "PUBLIC"}],
             "fullTimeline": null}""";
    static final String PAGE_EXAMPLE = """
            {"items": [{"id": "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11", "serviceCode": "BIRTH_REGISTRATION",
              "serviceName": {"zh": "出生登记", "en": "Birth registration"}, "status": "SUBMITTED",
              "handlingStation": "50010301", "createdAt": "2026-09-30T01:58:00Z", "submittedAt": "2026-09-30T02:00:00Z",
              "acceptanceDueDate": "2026-10-13", "dueDate": null, "dueDateProvisional": false,
              "remainingWorkingDays": 5, "overdue": false, "warningLevel": "NONE"}], "nextCursor": null}""";

    static final String IF_MATCH_DESCRIPTION = "The `ETag` of the application as the caller last read it (required: "
            + "412 `stale` when it no longer matches, 428 `precondition-required` when missing or `*`)";
    static final String NOT_FOUND = "No such application, or not the caller's (another citizen's, another station's, "
            + "or a DRAFT for an officer) (`not-found`)";
    static final String CONSENT_MISSING_EXAMPLE = """
            {"type":"urn:errandless:problem:consent-missing","title":"迁入户户主尚未同意","status":409,\
            "detail":"The head of the receiving household has not (yet) given consent to this move; it cannot be \
            approved","instance":"/api/v1/applications/0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11/approve",\
            "code":"consent-missing"}""";
    static final String INVALID_TRANSITION = "The transition table does not allow this from the current status "
            + "(`invalid-transition`)";

    @Inject
    ApplicationQueries queries;
    @Inject
    ApplicantActions applicant;
    @Inject
    Submission submission;
    @Inject
    OfficerDecisions decisions;
    @Inject
    JsonWebToken jwt;
    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Idempotent
    @Operation(operationId = "createApplication",
            summary = "Start an application", description = "Creates a DRAFT for a service of the catalogue, "
            + "with the form so far (checked only at submission). The citizen must be verified (bound to a person "
            + "of the register) at the service's minimum assurance level: L2, or L3 for MOVE_IN and "
            + "ID_CARD_RENEWAL. Answers the application with `Location` and `ETag`.\n\n"
            + "**Acting for someone else** (`onBehalfOf`): a parent applies for a child under 16 of the same "
            + "household (the register must say the caller is the child's parent: head or spouse for a son or "
            + "daughter of the head, a son or daughter of the head (or their spouse) for a grandchild, the head's "
            + "parents for the head and the head's siblings); an agent applies for a principal who authorised them for "
            + "this service (`/me/authorisations`, ACTIVE and unexpired). The service's rules (who may apply, which "
            + "household it changes) are then those of that person, the `subject`; the caller is the `applicant`, "
            + "keeps the application and does everything in it. Both are shown on the application, and officers' "
            + "reads are in the subject's data-access log. At submission the entitlement is checked again.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.Create.class),
            examples = { @ExampleObject(name = "birth", value = "{\"serviceCode\": \"BIRTH_REGISTRATION\", \"form\": "
                    + "{\"childName\": \"张小满\", \"childSex\": \"F\", \"childBirthDate\": \"2026-09-20\"}}"),
                    @ExampleObject(name = "forAChild", value = "{\"serviceCode\": \"HOUSEHOLD_CERTIFICATE\", "
                            + "\"form\": {\"purpose\": \"办理入学\"}, \"onBehalfOf\": "
                            + "\"5b1c7e2a-0d4f-4a8e-b3c6-9f2e1d0a7b45\"}") }))
    @APIResponse(responseCode = "201", description = "The new DRAFT", headers = {
            @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationView.class),
                    examples = @ExampleObject(name = "draft", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`), or the account's assurance level "
            + "(as stored now, and the token's) below the service's minimum or not verified (`assurance-too-low`); "
            + "`onBehalfOf` names a member of the household the caller is not the parent of, or who is 16 or older, "
            + "or a principal whose authorisation is revoked, expired or not confirmed (`not-entitled-to-act`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown service code (`service-not-found`); `onBehalfOf` is "
            + "not a member of the caller's household and no principal of the caller's (`not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@Valid @NotNull ApplicationRequests.Create request) {
        ApplicantActions.Created created = applicant.create(caller(), request.serviceCode(), request.form(),
                request.onBehalfOf());
        return represent(Response.created(UriBuilder.fromResource(ApplicationResource.class)
                .path(created.id().toString()).build()), created.body());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.CITIZEN, Roles.OFFICER })
    @Operation(operationId = "listApplications",
            summary = "List applications", description = "A citizen's own applications and, from their first "
            + "submission on, those someone else made about them (a parent for a child, an agent with their 代办 "
            + "authorisation; a draft withdrawn before it was submitted stays the applicant's), or an officer's "
            + "station's (never DRAFTs), newest first, in cursor pages. Items carry status, deadlines and "
            + "`actingBasis` but no form; in a citizen's list an item made by or for someone else also names its "
            + "`applicant` and `subject` (ID numbers masked) as the application does, while staff lists never name "
            + "anyone (opening the application is the recorded read). Open one for the rest. The `ETag` is that of "
            + "the page served; `If-None-Match` answers 304.")
    @APIResponse(responseCode = "200", description = "One page", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SummaryPage.class),
                    examples = @ExampleObject(name = "page", value = PAGE_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "The page is the one tagged in `If-None-Match`")
    public Response list(
            @Parameter(description = "Only this status", example = "SUBMITTED",
                    schema = @Schema(implementation = ApplicationStatus.class)) @QueryParam("status") String status,
            @Parameter(description = "Only this service", example = "BIRTH_REGISTRATION")
            @Size(max = 64) @QueryParam("serviceCode") String serviceCode,
            @Parameter(description = "`nextCursor` of the previous page", example = "MTc1OTE5NzYwMDAwMDAwMB9hYmM")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1..100 (default 20)", example = "20", schema = @Schema(
                    type = SchemaType.INTEGER, format = "int32", minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryParam("limit") Integer limit,
            @Parameter(description = "A tag from an earlier answer for the same page", example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return ETags.conditionalGet(json, queries.list(caller(), status, serviceCode, cursor, limit),
                ifNoneMatch).build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    // the class's roles (citizen, officer), checked by Quarkus REST before the call; no CDI interceptor repeats it
    // (HotReadSecurityTest, EndpointSecurityMatrixTest)
    @NoClassInterceptors
    @Operation(operationId = "getApplication",
            summary = "An application", description = "Status, form, the materials checklist (per required "
            + "material or group of alternatives: satisfied, missing or unavailable, and where each piece of "
            + "evidence came from), deadlines (acceptanceDueDate, dueDate, dueDateProvisional, remainingWorkingDays, "
            + "overdue; a SUSPENDED application shows the due date as it stood when the clock stopped, frozen "
            + "remaining days and is never overdue) and the latest 20 events of the timeline (PUBLIC events for the "
            + "citizen, all for officers; `fullTimeline` links to the rest when there are more). The person an "
            + "application is about, where someone else made it for them (`actingBasis` GUARDIAN or AUTHORISATION), "
            + "reads it as its applicant does from its first submission on (its timeline, event stream and certificate "
            + "too; a draft withdrawn unsubmitted stays the applicant's), but only the "
            + "applicant changes it: the form, materials, submission, withdrawal, appointment and evaluation answer "
            + "the subject 403 `forbidden` (a principal stops an agent by revoking the authorisation, and asks the "
            + "station to end a submitted matter). An officer's read is recorded in the data-access log of every person the application shows "
            + "(the applicant, and the spouse, owners, deceased or newborn its form and evidence name); a 304 is not a "
            + "read, and the same officer's reads within ten minutes are one entry. The `ETag` is that of "
            + "the representation served to this caller: use it in `If-Match`; `If-None-Match` answers 304.")
    @APIResponse(responseCode = "200", description = "The application", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationView.class),
                    examples = @ExampleObject(name = "submitted", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "Not modified since the tag in `If-None-Match`")
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> get(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "A tag from an earlier answer", example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context SecurityContext security) {
        // from memory on the I/O thread; a statement (a miss, or an officer's read to record) on a worker thread.
        // The caller from the request's own security context: the request-scoped JsonWebToken bean would be created
        // for this one read
        Caller caller = security.getUserPrincipal() instanceof JsonWebToken token ? callerOf(token) : caller();
        ApplicationQueries.Served kept = queries.fromMemory(caller, id, ifNoneMatch);
        if (kept != null) {
            return Uni.createFrom().item(served(kept));
        }
        return Uni.createFrom().item(() -> served(queries.get(caller, id, ifNoneMatch)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Response served(ApplicationQueries.Served served) {
        if (served.notModified()) {
            return Response.notModified().header(HttpHeaders.ETAG, served.etag()).build();
        }
        return Response.ok(served.body(), MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.ETAG, served.etag())
                .build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MERGE_PATCH)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Operation(operationId = "updateApplicationForm",
            summary = "Change the form", description = "The body is a JSON merge patch (RFC 7396) applied to "
            + "`form`: members set to a value replace, members set to null are removed, others stay. Only while "
            + "DRAFT or SUPPLEMENT_REQUIRED.")
    @RequestBody(required = true, content = @Content(mediaType = MERGE_PATCH,
            schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "rename", value = "{\"childName\": \"张小满\", \"childEthnicity\": null}")))
    @APIResponse(responseCode = "200", description = "The application with the new form", headers = @Header(
            name = "ETag", schema = @Schema(type = SchemaType.STRING)), content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApplicationView.class),
                    examples = @ExampleObject(name = "draft", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Neither DRAFT nor SUPPLEMENT_REQUIRED (`invalid-transition`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not `application/merge-patch+json` "
            + "(`unsupported-media-type`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response patch(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonNode patch) {
        return represent(Response.ok(), applicant.patchForm(caller(), id, ifMatch, patch));
    }

    @POST
    @Path("{id}/materials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Idempotent
    @Operation(operationId = "attachMaterial",
            summary = "Attach a material", description = "Attaches a document the caller uploaded (`POST "
            + "/documents`) as a material of the application's service, replacing an earlier one for that "
            + "material. SHARED materials may be uploaded too (when the source cannot answer, or to avoid sharing). "
            + "Only while DRAFT or SUPPLEMENT_REQUIRED. Answers the application with its new `ETag`.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.Attach.class),
            examples = @ExampleObject(name = "photo", value = "{\"materialCode\": \"ID_PHOTO\", "
                    + "\"documentId\": \"7d3f4c2a-1b5e-4e8f-9c6d-2a1b3c4d5e6f\"}")))
    @APIResponse(responseCode = "200", description = "The application with the material attached", headers = @Header(
            name = "ETag", schema = @Schema(type = SchemaType.STRING)), content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApplicationView.class),
                    examples = @ExampleObject(name = "draft", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A material the service does not take as an upload, or bad "
            + "fields (`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND + "; or the document is not the caller's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Neither DRAFT nor SUPPLEMENT_REQUIRED (`invalid-transition`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response attach(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull ApplicationRequests.Attach request) {
        return represent(Response.ok(),
                applicant.attach(caller(), id, ifMatch, request.materialCode(), request.documentId()));
    }

    @POST
    @Path("{id}/submit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Idempotent
    @Operation(operationId = "submitApplication",
            summary = "Submit", description = "Submits a DRAFT, or resubmits after a supplement request. The form "
            + "is checked (`form-invalid`), then who may apply and which station decides (`applicant-not-eligible`), "
            + "then every required material (or group of alternatives). A required material that can be had only by "
            + "fetching it from the partner department needs `consentToDataSharing: true` (`consent-required`); "
            + "with consent it is fetched now, and what the source cannot answer is marked unavailable (upload it "
            + "instead). Still missing: `materials-missing`, naming each material. The acceptance due date is 5 "
            + "working days from today. An instant service (HOUSEHOLD_CERTIFICATE) is COMPLETED at once.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.Submit.class),
            examples = @ExampleObject(name = "consent", value = "{\"consentToDataSharing\": true}")))
    @APIResponse(responseCode = "200", description = "SUBMITTED (or COMPLETED for an instant service)",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)), content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApplicationView.class),
                    examples = @ExampleObject(name = "submitted", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`), or the account as it stands now "
            + "is below the service's minimum level or no longer bound to the applicant (`assurance-too-low`), "
            + "whatever the token says; the applicant may no longer act for the subject: the child turned 16 or "
            + "left the household, the authorisation was revoked or expired (`not-entitled-to-act`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = INVALID_TRANSITION, content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "`form-invalid`, `applicant-not-eligible`, `consent-required` "
            + "or `materials-missing` (each with `invalidParams`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "missing",
                            value = "{\"type\": \"urn:errandless:problem:materials-missing\", \"title\": \"材料不齐全\", "
                                    + "\"status\": 422, \"detail\": \"Required materials are missing: ID_PHOTO\", "
                                    + "\"code\": \"materials-missing\", \"invalidParams\": [{\"name\": \"ID_PHOTO\", "
                                    + "\"reason\": \"身份证相片 is required\", \"code\": \"missing\"}]}")))
    public Response submit(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid ApplicationRequests.Submit request) {
        boolean consent = request != null && Boolean.TRUE.equals(request.consentToDataSharing());
        return represent(Response.ok(), submission.submit(caller(), id, ifMatch, consent));
    }

    @POST
    @Path("{id}/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Idempotent
    @Operation(operationId = "withdrawApplication",
            summary = "Withdraw", description = "The applicant (not the person it is about when someone acts for "
            + "them: 403 `forbidden`) withdraws an application that is not yet "
            + "decided (DRAFT, SUBMITTED, SUPPLEMENT_REQUIRED, ACCEPTED, SUSPENDED). A MOVE_IN's request for the "
            + "receiving head's consent that is still PENDING closes (CLOSED: the head can no longer answer it); an "
            + "answer already given stays as it was.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.Comment.class),
            examples = @ExampleObject(name = "reason", value = "{\"comment\": \"已在窗口办理\"}")))
    @APIResponse(responseCode = "200", description = "WITHDRAWN", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = INVALID_TRANSITION, content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response withdraw(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid ApplicationRequests.Comment request) {
        return represent(Response.ok(), applicant.withdraw(caller(), id, ifMatch, comment(request)));
    }

    @POST
    @Path("{id}/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Idempotent
    @Operation(operationId = "acceptApplication",
            summary = "Accept (受理)", description = "An officer of the handling station accepts a SUBMITTED "
            + "application: the service's time limit starts today. `comment` is shown to the citizen, "
            + "`internalNote` only to staff.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.Comment.class),
            examples = @ExampleObject(name = "accept", value = "{\"comment\": \"材料齐全，予以受理\"}")))
    @APIResponse(responseCode = "200", description = "ACCEPTED", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = INVALID_TRANSITION, content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response accept(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid ApplicationRequests.Comment request) {
        return represent(Response.ok(), decisions.accept(caller(), id, ifMatch, comment(request), note(request)));
    }

    @POST
    @Path("{id}/request-supplement")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Idempotent
    @Operation(operationId = "requestSupplement",
            summary = "Request supplements (一次性告知)", description = "Sends a SUBMITTED application back to "
            + "the citizen with the single, complete list of missing materials (codes of the service's materials). "
            + "Made once per application: a second request is 409 `supplement-already-requested`. No due date runs "
            + "until the citizen resubmits.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.RequestSupplement.class),
            examples = @ExampleObject(name = "photo", value = "{\"missingMaterials\": [\"ID_PHOTO\"], "
                    + "\"comment\": \"请补充近期免冠证件照\"}")))
    @APIResponse(responseCode = "200", description = "SUPPLEMENT_REQUIRED", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = "No materials, or a code that is not a material of the service "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = INVALID_TRANSITION + "; already requested once "
            + "(`supplement-already-requested`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response requestSupplement(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull ApplicationRequests.RequestSupplement request) {
        return represent(Response.ok(), decisions.requestSupplement(caller(), id, ifMatch,
                request.missingMaterials(), request.comment(), request.internalNote()));
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Idempotent
    @Operation(operationId = "rejectApplication",
            summary = "Reject", description = "From SUBMITTED: refusal to accept (不予受理) with a reason. From "
            + "ACCEPTED: rejection on the merits with a reason and the legal basis (required).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.Reject.class),
            examples = @ExampleObject(name = "merits", value = "{\"reason\": \"申请人不是新生儿的父母\", "
                    + "\"legalBasis\": \"《重庆市户口迁移登记规定》第五条\"}")))
    @APIResponse(responseCode = "200", description = "REJECTED", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = "No reason, or no legal basis to reject an ACCEPTED "
            + "application (`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = INVALID_TRANSITION, content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reject(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull ApplicationRequests.Reject request) {
        return represent(Response.ok(), decisions.reject(caller(), id, ifMatch, request.reason().strip(),
                request.legalBasis() == null || request.legalBasis().isBlank() ? null : request.legalBasis().strip(),
                request.internalNote()));
    }

    @POST
    @Path("{id}/suspend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Idempotent
    @Operation(operationId = "suspendApplication",
            summary = "Suspend (中止)", description = "Stops the clock of an ACCEPTED application (hearing, "
            + "inspection, expert review). While SUSPENDED it shows the due date as it stood, frozen remaining days, "
            + "and is never overdue; resuming moves the due date by the counting days from today up to, not "
            + "including, the resume date.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.Suspend.class),
            examples = @ExampleObject(name = "inspection", value = "{\"reason\": \"需实地核查\"}")))
    @APIResponse(responseCode = "200", description = "SUSPENDED", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = "No reason (`validation-failed`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = INVALID_TRANSITION, content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response suspend(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull ApplicationRequests.Suspend request) {
        return represent(Response.ok(), decisions.suspend(caller(), id, ifMatch, request.reason().strip(),
                request.internalNote()));
    }

    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Idempotent
    @Operation(operationId = "resumeApplication",
            summary = "Resume", description = "Restarts the clock of a SUSPENDED application: ACCEPTED again, the "
            + "due date moved by the service's counting days from the suspension date up to, not including, today.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.Comment.class),
            examples = @ExampleObject(name = "resume", value = "{\"comment\": \"核查完毕\"}")))
    @APIResponse(responseCode = "200", description = "ACCEPTED", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = INVALID_TRANSITION, content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response resume(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid ApplicationRequests.Comment request) {
        return represent(Response.ok(), decisions.resume(caller(), id, ifMatch, comment(request), note(request)));
    }

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Idempotent
    @Operation(operationId = "approveApplication",
            summary = "Approve", description = "Decides an ACCEPTED application in the citizen's favour and "
            + "applies its effect to the register in the same transaction: COMPLETED, or APPROVED for a service with "
            + "a hand-over step (ID_CARD_RENEWAL) until `complete`. Of two officers approving at once exactly one "
            + "succeeds; the other gets 412 `stale`. A MOVE_IN into a household someone else heads needs that head's "
            + "consent (`moveInConsent.state` GRANTED): 409 `consent-missing` while it is PENDING or after a refusal "
            + "(which the officer answers with `reject` and a reason).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.Comment.class),
            examples = @ExampleObject(name = "approve", value = "{\"comment\": \"准予登记\"}")))
    @APIResponse(responseCode = "200", description = "COMPLETED or APPROVED", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = INVALID_TRANSITION + "; `consent-missing`: a MOVE_IN whose "
            + "receiving head has not granted consent", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class), examples = {
                            @ExampleObject(name = "consent-missing", value = CONSENT_MISSING_EXAMPLE) }))
    public Response approve(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid ApplicationRequests.Comment request) {
        return represent(Response.ok(), decisions.approve(caller(), id, ifMatch, comment(request), note(request)));
    }

    @POST
    @Path("{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Idempotent
    @Operation(operationId = "completeApplication",
            summary = "Complete (hand over)", description = "Records the hand-over of an APPROVED application "
            + "(e.g. the ID card collected): COMPLETED.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationRequests.Comment.class),
            examples = @ExampleObject(name = "handed-over", value = "{\"comment\": \"已领取新证\"}")))
    @APIResponse(responseCode = "200", description = "COMPLETED", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = INVALID_TRANSITION, content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response complete(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = IF_MATCH_DESCRIPTION, example = ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid ApplicationRequests.Comment request) {
        return represent(Response.ok(), decisions.complete(caller(), id, ifMatch, comment(request), note(request)));
    }

    /** The schema of a page of summaries, for the spec. */
    @Schema(name = "ApplicationSummaryPage")
    static final class SummaryPage {
        public java.util.List<ApplicationSummary> items;
        @Schema(nullable = true)
        public String nextCursor;
    }

    private static Response represent(Response.ResponseBuilder builder, PreparedBody answer) {
        return builder.entity(answer.bytes()).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, answer.etag()).build();
    }

    private Caller caller() {
        return callerOf(jwt);
    }

    static Caller callerOf(JsonWebToken jwt) {
        Set<String> groups = jwt.getGroups();
        if (groups != null && groups.contains(Roles.CITIZEN)) {
            String acr = jwt.getClaim(Claims.ASSURANCE);
            AssuranceLevel level;
            try {
                level = acr == null ? null : AssuranceLevel.valueOf(acr);
            } catch (IllegalArgumentException e) {
                level = null;
            }
            return Caller.citizen(UUID.fromString(jwt.getSubject()), level);
        }
        return Caller.officer(jwt.getSubject(), jwt.getClaim(Claims.STATION));
    }

    private static String comment(ApplicationRequests.Comment request) {
        return request == null || request.comment() == null || request.comment().isBlank() ? null
                : request.comment().strip();
    }

    private static String note(ApplicationRequests.Comment request) {
        return request == null ? null : request.internalNote();
    }
}
