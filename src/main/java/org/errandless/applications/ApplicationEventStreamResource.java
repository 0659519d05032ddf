package org.errandless.applications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/** The timeline of an application as Server-Sent Events, for browsers ({@code EventSource}) and long-lived apps. */
@Path("/api/v1/applications/{id}/events")
@Tag(name = "Applications")
public class ApplicationEventStreamResource {

    /** The header an {@code EventSource} sends when it reconnects. */
    static final String LAST_EVENT_ID = "Last-Event-ID";

    static final String STREAM_EXAMPLE = """
            :timeline of application 0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11

            id:3
            event:accept
            data:{"seq":3,"at":"2026-09-30T03:15:00Z","actorRole":"OFFICER","action":"accept","fromStatus":"SUBMITTED","toStatus":"ACCEPTED","comment":"予以受理","visibility":"PUBLIC"}

            :keep-alive

            id:4
            event:approve
            data:{"seq":4,"at":"2026-10-09T06:00:00Z","actorRole":"OFFICER","action":"approve","fromStatus":"ACCEPTED","toStatus":"COMPLETED","comment":"准予变更","visibility":"PUBLIC"}

            """;

    @Inject
    LiveTimeline live;
    @Inject
    ApplicationQueries applications;
    @Inject
    JsonWebToken jwt;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ Roles.CITIZEN, Roles.OFFICER })
    @Blocking
    // each event's data is a TimelineEvent: the spec filter documents the event shape (x-itemSchema)
    @Extension(name = "x-sse-data", value = "TimelineEvent")
    @Operation(operationId = "streamApplicationEvents",
            summary = "Follow the timeline (Server-Sent Events)", description = "A `text/event-stream` of the "
            + "timeline: first the events after `Last-Event-ID` (the header an `EventSource` sends when it "
            + "reconnects; `?after=` for clients that cannot set headers; neither: the whole timeline), then each "
            + "new one as it is committed (on any instance). Each event has `id: <seq>`, `event: <action>` (e.g. "
            + "`accept`) and `data:` the timeline event as JSON. The citizen gets PUBLIC events only, officers of the "
            + "handling station all. A comment line (`:keep-alive`) goes out whenever nothing was sent for a while "
            + "(15 s by default), so proxies keep the connection open. The stream ends after the event that brings "
            + "the application to a final status (COMPLETED, REJECTED, WITHDRAWN), and when the access token expires (reconnect with a "
            + "fresh token and `Last-Event-ID`). The server holds no thread and no database connection between "
            + "events. Same access as `GET /applications/{id}`; an officer's stream is recorded once in the "
            + "applicant's data-access log.")
    @APIResponse(responseCode = "200", description = "The event stream", content = @Content(
            mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING),
            examples = @ExampleObject(name = "accepted, then approved", value = STREAM_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "`Last-Event-ID` or `after` not a whole number ≥ 0 "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = ApplicationResource.NOT_FOUND, content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = "`Accept` excludes `text/event-stream` (`not-acceptable`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> events(
            @Parameter(example = ApplicationResource.ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "The `id` of the last event received; takes precedence over `after`",
                    example = "2", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @HeaderParam(LAST_EVENT_ID) String lastEventId,
            @Parameter(description = "Start after this `seq`, for clients that cannot set `Last-Event-ID`",
                    example = "2", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("after") String after,
            @Context Sse sse) {
        List<Problem.InvalidParam> problems = new ArrayList<>();
        boolean resumed = lastEventId != null && !lastEventId.isBlank();
        int from = ApplicationTimelineResource.wholeNumber(resumed ? LAST_EVENT_ID : "after",
                resumed ? lastEventId : after, Integer.MAX_VALUE, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.validation(problems);
        }
        Caller caller = ApplicationResource.callerOf(jwt);
        applications.watch(caller, id);
        long expiry = jwt.getExpirationTime();
        Instant until = expiry > 0 ? Instant.ofEpochSecond(expiry) : Instant.now().plusSeconds(15 * 60);
        return live.stream(caller, id, from, until, sse);
    }
}
