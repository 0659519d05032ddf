package org.errandless.notifications;

import java.util.UUID;

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
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;

/** The signed-in citizen's status-change messages. */
@Path("/api/v1/me/notifications")
@Tag(name = "Me")
@RolesAllowed(Roles.CITIZEN)
@Produces(MediaType.APPLICATION_JSON)
public class MyNotificationsResource {

    static final String PAGE = """
            {"items":[{"id":"0f8fad5b-d9cb-469f-a165-70867728950e",\
            "applicationId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","text":"您的出生登记申请已受理，办理期限至10月13日。",\
            "createdAt":"2026-09-30T02:00:00Z","channelStates":{"SMS":"SENT","PUSH":"SENT"}}],"nextCursor":null}""";
    static final String INVALID = """
            {"type":"urn:errandless:problem:validation-failed","title":"请求参数不合法","status":400,\
            "detail":"1 parameter is invalid","instance":"/api/v1/me/notifications","code":"validation-failed",\
            "invalidParams":[{"name":"limit","reason":"must be between 1 and 100","code":"out-of-range"}]}""";

    @Inject
    CitizenNotifications notifications;
    @Inject
    JsonWebToken jwt;

    @GET
    @Operation(operationId = "listNotifications",
            summary = "My notifications", description = "The messages sent to the signed-in citizen about their "
            + "applications (submitted, supplement required, accepted, suspended, resumed, approved, completed, "
            + "rejected), newest first, in cursor pages; each also went out by SMS and as a push notification, and "
            + "`channelStates` says how far each delivery got. Sign-in codes are never listed.")
    @APIResponse(responseCode = "200", description = "One page of messages", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationPage.class),
            examples = @ExampleObject(name = "page", value = PAGE)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: a foreign cursor or a limit outside "
            + "1..100", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = INVALID)))
    public Page<NotificationItem> list(
            @Parameter(description = "`nextCursor` of the previous page", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "100", defaultValue = "20"), example = "20")
            @QueryParam("limit") String limit) {
        return notifications.list(UUID.fromString(jwt.getSubject()), cursor, Cursors.parseLimit(limit));
    }

}
