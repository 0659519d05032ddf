package org.errandless.applications;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.common.web.idempotency.Idempotent;

/**
 * What is asked of the signed-in citizen as head of a household: consent to a MOVE_IN into it (投靠), and the answer.
 */
@Path("/api/v1/me/consent-requests")
@Tag(name = "Me")
@RolesAllowed(Roles.CITIZEN)
@Produces(MediaType.APPLICATION_JSON)
public class MyConsentRequestsResource {

    static final String ID_EXAMPLE = "3f2b8c1e-7a4d-4e55-9b0a-2d6c8e1f4a90";
    static final String ITEM = """
            {"id":"3f2b8c1e-7a4d-4e55-9b0a-2d6c8e1f4a90","applicationId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",\
            "serviceCode":"MOVE_IN","serviceName":{"zh":"户口迁入（市内购房/投靠）","en":"Household move-in (home purchase or joining relatives within Chongqing)"},\
            "applicantName":"李*","relationshipToHead":"DAUGHTER","state":"GRANTED",\
            "askedAt":"2026-09-30T02:00:00Z","answeredAt":"2026-09-30T03:15:00Z"}""";
    static final String REFUSED_ITEM = """
            {"id":"3f2b8c1e-7a4d-4e55-9b0a-2d6c8e1f4a90","applicationId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",\
            "serviceCode":"MOVE_IN","serviceName":{"zh":"户口迁入（市内购房/投靠）","en":"Household move-in (home purchase or joining relatives within Chongqing)"},\
            "applicantName":"李*","relationshipToHead":"DAUGHTER","state":"REFUSED",\
            "askedAt":"2026-09-30T02:00:00Z","answeredAt":"2026-09-30T03:15:00Z"}""";
    static final String PAGE = """
            {"items":[{"id":"3f2b8c1e-7a4d-4e55-9b0a-2d6c8e1f4a90",\
            "applicationId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","serviceCode":"MOVE_IN",\
            "serviceName":{"zh":"户口迁入（市内购房/投靠）","en":"Household move-in (home purchase or joining relatives within Chongqing)"},"applicantName":"李*",\
            "relationshipToHead":"DAUGHTER","state":"PENDING","askedAt":"2026-09-30T02:00:00Z","answeredAt":null}],\
            "nextCursor":null}""";
    static final String INVALID = """
            {"type":"urn:errandless:problem:validation-failed","title":"请求参数不合法","status":400,\
            "detail":"1 parameter is invalid","instance":"/api/v1/me/consent-requests","code":"validation-failed",\
            "invalidParams":[{"name":"limit","reason":"must be between 1 and 100","code":"out-of-range"}]}""";
    static final String TOO_LOW = """
            {"type":"urn:errandless:problem:assurance-too-low","title":"实名认证等级不足","status":403,\
            "detail":"Verify your identity (level L2) to see what is asked of you as head of a household",\
            "instance":"/api/v1/me/consent-requests","code":"assurance-too-low"}""";
    static final String NOT_FOUND = """
            {"type":"urn:errandless:problem:not-found","title":"资源不存在","status":404,\
            "detail":"consent request not found",\
            "instance":"/api/v1/me/consent-requests/3f2b8c1e-7a4d-4e55-9b0a-2d6c8e1f4a90/grant","code":"not-found"}""";
    static final String ANSWERED = """
            {"type":"urn:errandless:problem:consent-already-answered","title":"已答复，不能更改","status":409,\
            "detail":"You already answered this request (GRANTED); an answer cannot be changed",\
            "instance":"/api/v1/me/consent-requests/3f2b8c1e-7a4d-4e55-9b0a-2d6c8e1f4a90/refuse",\
            "code":"consent-already-answered"}""";
    static final String CLOSED = """
            {"type":"urn:errandless:problem:consent-request-closed","title":"该征询已关闭","status":409,\
            "detail":"This request is closed: the application was withdrawn or decided, or no longer asks you",\
            "instance":"/api/v1/me/consent-requests/3f2b8c1e-7a4d-4e55-9b0a-2d6c8e1f4a90/grant",\
            "code":"consent-request-closed"}""";
    private static final String ANSWER_RULES = " The answer is final: the same answer again answers 200 with the "
            + "request as it stands (a retry is safe), the other answer is 409 `consent-already-answered`; of two "
            + "different answers sent at once exactly one is taken. A request whose application was withdrawn or "
            + "rejected before an answer is CLOSED (409 `consent-request-closed`). The applicant is told of the "
            + "answer, and the handling station sees it on the application (`moveInConsent`).";

    @Inject
    MoveInConsents consents;
    @Inject
    JsonWebToken jwt;

    @GET
    @Operation(operationId = "listConsentRequests", summary = "Consent asked of me",
            description = "The requests for the signed-in citizen's consent as head of a household: someone "
                    + "submitted a MOVE_IN (投靠) into the household they head, and the station may approve it only "
                    + "with their consent. Newest first, in cursor pages; each shows only what the head needs to "
                    + "answer (the applicant's masked name, the relationship claimed, the application's reference, "
                    + "the service, when asked, the state). The head was told by SMS. Needs level L2 as stored for "
                    + "the account. A request still PENDING when its application is withdrawn or rejected becomes "
                    + "CLOSED.")
    @APIResponse(responseCode = "200", description = "One page of requests", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentRequestPage.class),
            examples = @ExampleObject(name = "page", value = PAGE)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: a foreign cursor, or a limit that is "
            + "no whole number or outside 1..100", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = INVALID)))
    @APIResponse(responseCode = "403", description = "`assurance-too-low`: level below L2", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "assurance-too-low", value = TOO_LOW)))
    public Page<ConsentRequestItem> list(
            @Parameter(description = "`nextCursor` of the previous page", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "100", defaultValue = "20"), example = "20")
            @QueryParam("limit") String limit) {
        return consents.list(accountId(), cursor, Cursors.parseLimit(limit));
    }

    @POST
    @Path("{id}/grant")
    @Idempotent
    @Operation(operationId = "grantConsentRequest", summary = "Give my consent",
            description = "The head of the receiving household consents to the MOVE_IN the request is about; the "
                    + "station may then approve it." + ANSWER_RULES)
    @APIResponse(responseCode = "200", description = "GRANTED", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentRequestItem.class),
            examples = @ExampleObject(name = "granted", value = ITEM)))
    @APIResponse(responseCode = "403", description = "`assurance-too-low`: level below L2", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "`not-found`: no such request, or it does not ask the "
            + "signed-in citizen", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "`consent-already-answered`: refused already; "
            + "`consent-request-closed`: the application was withdrawn or rejected, or asks someone else now",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "consent-request-closed", value = CLOSED)))
    public ConsentRequestItem grant(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id) {
        return consents.answer(accountId(), id, true);
    }

    @POST
    @Path("{id}/refuse")
    @Idempotent
    @Operation(operationId = "rejectConsentRequest", summary = "Refuse my consent",
            description = "The head of the receiving household refuses the MOVE_IN the request is about; the "
                    + "station cannot approve it and rejects it with a reason." + ANSWER_RULES)
    @APIResponse(responseCode = "200", description = "REFUSED", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentRequestItem.class),
            examples = @ExampleObject(name = "refused", value = REFUSED_ITEM)))
    @APIResponse(responseCode = "403", description = "`assurance-too-low`: level below L2", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "`not-found`: no such request, or it does not ask the "
            + "signed-in citizen", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "`consent-already-answered`: granted already; "
            + "`consent-request-closed`: the application was withdrawn or rejected, or asks someone else now",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "consent-already-answered", value = ANSWERED)))
    public ConsentRequestItem refuse(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id) {
        return consents.answer(accountId(), id, false);
    }

    private UUID accountId() {
        return UUID.fromString(jwt.getSubject());
    }
}
