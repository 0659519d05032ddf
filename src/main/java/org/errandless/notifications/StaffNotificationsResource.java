package org.errandless.notifications;

import java.util.List;
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

/** The signed-in officer's or supervisor's inbox: deadline warnings of their station or scope. */
@Path("/api/v1/staff/notifications")
@Tag(name = "Staff inbox", description = "Messages to officers and supervisors (deadline warnings), also pushed to "
        + "the staff app")
@RolesAllowed({ Roles.OFFICER, Roles.SUPERVISOR })
@Produces(MediaType.APPLICATION_JSON)
public class StaffNotificationsResource {

    static final String PAGE = """
            {"items":[{"id":"5b1f7c9e-2d4a-4c3b-8e6f-0a9d8c7b6a51","purpose":"DEADLINE_WARNING",\
            "subjectId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",\
            "text":"【红色预警】南岸区南坪派出所(demo) 住址变更 办件已超期（期限10月13日）。",\
            "createdAt":"2026-10-14T00:05:00Z"}],"nextCursor":null}""";

    @Inject
    StaffNotifications notifications;
    @Inject
    JsonWebToken jwt;

    @GET
    @Operation(operationId = "listStaffNotifications",
            summary = "My staff inbox", description = "Messages to the signed-in officer or supervisor, newest "
            + "first, in cursor pages: each time a deadline of the officer's station, or of a station in the "
            + "supervisor's scope, turns YELLOW (at most one working day left) or RED (overdue), one message per "
            + "change (`DEADLINE_WARNING`, `subjectId` the application or, for a rectification task, the "
            + "evaluation). Each message is also pushed to the staff app, addressed by the staff account.")
    @APIResponse(responseCode = "200", description = "One page of messages", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffNotificationPage.class),
            examples = @ExampleObject(name = "page", value = PAGE)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: a foreign cursor or a limit outside "
            + "1..100", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Neither an officer nor a supervisor (`forbidden`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<StaffNotificationItem> list(
            @Parameter(description = "`nextCursor` of the previous page", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "100", defaultValue = "20"), example = "20")
            @QueryParam("limit") String limit) {
        return notifications.list(UUID.fromString(jwt.getSubject()), cursor, Cursors.parseLimit(limit));
    }


    /** The spec's name for a page of staff messages. */
    @Schema(name = "StaffNotificationPage")
    record StaffNotificationPage(
            @Schema(description = "Messages, newest first") List<StaffNotificationItem> items,
            @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true)
            String nextCursor) {
    }
}
