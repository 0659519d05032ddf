package org.errandless.applications;

import java.time.Duration;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.ETags;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** The timeline of an application as a long-poll: a phone waits for the next event without polling every second. */
@Path("/api/v1/applications/{id}/timeline")
@Tag(name = "Applications")
public class ApplicationTimelineResource {

    /** Longest wait a long-poll may ask for (API.md). */
    static final int MAX_WAIT_SECONDS = 30;

    static final String PAGE_EXAMPLE = """
            {"items": [{"seq": 3, "at": "2026-09-30T03:15:00Z", "actorRole": "OFFICER", "action": "accept",
              "fromStatus": "SUBMITTED", "toStatus": "ACCEPTED", "comment": "予以受理", "visibility": "PUBLIC"}],
             "lastSeq": 3}""";
    static final String EMPTY_EXAMPLE = "{\"items\": [], \"lastSeq\": 3}";

    @Inject
    LiveTimeline live;
    @Inject
    JsonWebToken jwt;
    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.CITIZEN, Roles.OFFICER })
    @Blocking
    @Operation(operationId = "getApplicationTimeline",
            summary = "Wait for the next timeline events (long-poll)", description = "The events with `seq` "
            + "greater than `after`, oldest first: PUBLIC ones for the citizen, all for officers of the handling "
            + "station. When there are some (or `waitSeconds` is 0) it answers at once; otherwise it waits up to "
            + "`waitSeconds` and answers as soon as an event the caller may see is committed (on any instance), or "
            + "with an empty list when the wait runs out. Poll again with `after=lastSeq`. The server holds no thread "
            + "and no database connection while waiting. Same access as `GET /applications/{id}`; an officer's read "
            + "is recorded in the applicant's data-access log once per request. The answer carries a strong `ETag`; "
            + "`If-None-Match` answers 304 when the answer would be the same (typically: nothing new).")
    @APIResponse(responseCode = "200", description = "New events, or none when the wait ran out",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TimelinePage.class), examples = {
                            @ExampleObject(name = "accepted", value = PAGE_EXAMPLE),
                            @ExampleObject(name = "nothing new", value = EMPTY_EXAMPLE) }))
    @APIResponse(responseCode = "304", description = "The answer equals the one tagged in `If-None-Match`")
    @APIResponse(responseCode = "400", description = "`after` not a whole number ≥ 0, or `waitSeconds` not 0..30 "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = ApplicationResource.NOT_FOUND, content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> timeline(@Parameter(example = ApplicationResource.ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "Only events with a greater `seq` (default 0: the whole timeline); the "
                    + "`lastSeq` of the previous answer", example = "2",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0")) @QueryParam("after") String after,
            @Parameter(description = "How long to wait for a new event, 0..30 seconds (default 0: answer at once)",
                    example = "25", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "30"))
            @QueryParam("waitSeconds") String waitSeconds,
            @Parameter(description = "A tag from an earlier answer", example = ApplicationResource.ETAG_EXAMPLE)
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        List<Problem.InvalidParam> problems = new ArrayList<>();
        int afterSeq = wholeNumber("after", after, Integer.MAX_VALUE, problems);
        int wait = wholeNumber("waitSeconds", waitSeconds, MAX_WAIT_SECONDS, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.validation(problems);
        }
        return live.poll(ApplicationResource.callerOf(jwt), id, afterSeq, Duration.ofSeconds(wait))
                .map(page -> ETags.conditionalGet(json, page, ifNoneMatch).build());
    }

    /**
     * A query parameter that must be a whole number from 0 to {@code max}; absent is 0. Parsed here rather than by
     * the framework, which answers an unparsable number with 404.
     */
    static int wholeNumber(String name, String value, int max, List<Problem.InvalidParam> problems) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 0 && number <= max) {
                return number;
            }
            problems.add(new Problem.InvalidParam(name, "must be from 0 to " + max, "out-of-range"));
        } catch (NumberFormatException e) {
            problems.add(new Problem.InvalidParam(name, "must be a whole number from 0 to " + max, "wrong-type"));
        }
        return 0;
    }
}
