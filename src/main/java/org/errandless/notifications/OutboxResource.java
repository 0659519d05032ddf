package org.errandless.notifications;

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
import org.errandless.common.validation.MainlandMobile;
import org.errandless.common.web.Page;

/**
 * The outbox for admins, in one place: the delivery state of every channel ({@code /outbox}) and, on development
 * systems, the texts of the SMS channel ({@code /sms-outbox}).
 */
@Path("/api/v1/admin")
@Tag(name = "Administration", description = "For admins: staff accounts, citizen accounts, partner clients and "
        + "their purposes, certificate revocation, the audit trail, the delivery state of notifications and, on "
        + "development systems, the SMS outbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class OutboxResource {

    static final String LIST_EXAMPLE = """
            {"items": [
               {"id": "5b0e8d0c-2f4e-4a8e-9d43-7b1c2a9f0e11", "channel": "PUSH", "purpose": "STATUS_CHANGED",
                "phone": null, "recipientAccountId": "9b2f6a51-3d0e-4c57-8f0e-2f1b0d6f7a10",
                "subjectId": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "status": "FAILED", "attempts": 5,
                "lastError": "HTTP 503 (3 tries)", "createdAt": "2026-09-30T02:00:00Z", "nextAttemptAt": null,
                "sentAt": null}],
             "nextCursor": null}""";

    static final String INVALID_EXAMPLE = """
            {"type": "urn:errandless:problem:validation-failed", "title": "请求参数不合法", "status": 400,
             "detail": "1 parameter is invalid", "instance": "/api/v1/admin/outbox", "code": "validation-failed",
             "invalidParams": [{"name": "status", "reason": "is not one of [PENDING, SENT, FAILED]",
                                "code": "not-allowed"}]}""";

    static final String SMS_LIST_EXAMPLE = """
            {"items": [
               {"id": "5b0e8d0c-2f4e-4a8e-9d43-7b1c2a9f0e11", "phone": "138****0001", "purpose": "OTP",
                "text": "【重庆户籍】验证码 123456，5分钟内有效。请勿告诉他人。", "redacted": false,
                "status": "SENT", "attempts": 1, "createdAt": "2026-09-30T02:00:00Z", "sentAt": "2026-09-30T02:00:01Z"}],
             "nextCursor": null}""";

    static final String PHONE_INVALID_EXAMPLE = """
            {"type": "urn:errandless:problem:validation-failed", "title": "请求参数不合法", "status": 400,
             "detail": "1 parameter is invalid", "instance": "/api/v1/admin/sms-outbox", "code": "validation-failed",
             "invalidParams": [{"name": "phone", "reason": "is required", "code": "required"}]}""";

    static final String OFF_EXAMPLE = """
            {"type": "urn:errandless:problem:not-found", "title": "资源不存在", "status": 404,
             "detail": "SMS outbox (only the development SMS gateway keeps one) not found",
             "instance": "/api/v1/admin/sms-outbox", "code": "not-found"}""";

    @Inject
    OutboxDeliveries deliveries;
    @Inject
    JsonWebToken jwt;

    @GET
    @Path("/outbox")
    @Operation(operationId = "listOutboxDeliveries",
            summary = "Read the delivery state of the outbox",
            description = "Messages of every channel (SMS, PUSH), newest first, optionally only one status (e.g. "
                    + "`FAILED`: given up after the last attempt, or refused by the provider) and one channel, with "
                    + "attempts and the reason of the last failure. Never the texts; phones are masked. Every read "
                    + "is recorded on the audit trail (`admin.outbox.read`).")
    @APIResponse(responseCode = "200", description = "A page of messages", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OutboxPage.class),
            examples = @ExampleObject(name = "a failed push", value = LIST_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: an unknown status or channel, or a bad "
            + "limit or cursor", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = INVALID_EXAMPLE)))
    public Page<OutboxEntry> list(
            @Parameter(description = "Only messages in this state", example = "FAILED",
                    schema = @Schema(type = SchemaType.STRING, enumeration = { "PENDING", "SENT", "FAILED" }))
            @QueryParam("status") String status,
            @Parameter(description = "Only messages of this channel", example = "PUSH",
                    schema = @Schema(type = SchemaType.STRING, enumeration = { "SMS", "PUSH" }))
            @QueryParam("channel") String channel,
            @Parameter(description = "Opaque `nextCursor` of the previous page",
                    schema = @Schema(type = SchemaType.STRING)) @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", example = "20",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
            @QueryParam("limit") String limit) {
        return deliveries.list(status, channel, cursor, limit, jwt.getSubject());
    }

    @GET
    @Path("/sms-outbox")
    @Operation(operationId = "listSmsOutboxMessages",
            summary = "Read the development SMS outbox",
            description = "The text messages sent to one mobile number, newest first, with their text, so testers "
                    + "and demo presenters can read sign-in codes where the development SMS gateway (`log`) stands "
                    + "in for a provider. Where a real gateway delivers, this endpoint answers 404 `not-found`. "
                    + "Every read is recorded on the audit trail (`admin.sms-outbox.read`).")
    @APIResponse(responseCode = "200", description = "A page of messages", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SmsOutboxPage.class),
            examples = @ExampleObject(name = "one code", value = SMS_LIST_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: phone missing or not a mainland mobile "
            + "number, or a bad limit or cursor", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = PHONE_INVALID_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "`not-found`: the development SMS gateway is off here",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = OFF_EXAMPLE)))
    public Page<SmsOutboxEntry> smsOutbox(
            @Parameter(description = "The recipient: E.164 (`+86` and 11 digits) or the 11-digit number",
                    required = true, example = "13800000001",
                    schema = @Schema(type = SchemaType.STRING, pattern = MainlandMobile.PATTERN))
            @QueryParam("phone") String phone,
            @Parameter(description = "Opaque `nextCursor` of the previous page",
                    schema = @Schema(type = SchemaType.STRING)) @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", example = "20",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
            @QueryParam("limit") String limit) {
        return deliveries.smsTo(phone, cursor, limit, jwt.getSubject());
    }
}
