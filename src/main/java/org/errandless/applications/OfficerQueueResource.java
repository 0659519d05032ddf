package org.errandless.applications;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
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
import org.errandless.common.security.Roles;
import org.errandless.common.web.ETags;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The officer's work queue. */
@Path("/api/v1/officer/queue")
@Tag(name = "Applications")
public class OfficerQueueResource {

    @Inject
    ApplicationQueries applications;
    @Inject
    JsonWebToken jwt;
    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Operation(operationId = "listOfficerQueue",
            summary = "My station's queue", description = "Open applications (SUBMITTED, SUPPLEMENT_REQUIRED, "
            + "ACCEPTED, SUSPENDED, APPROVED) of the officer's station: RED (overdue) first, then YELLOW (at most one "
            + "working day left), then by the running deadline (acceptance due date while SUBMITTED, the service's due "
            + "date from acceptance; the level follows the due date, so this is one order), then those whose clock "
            + "is not running (SUPPLEMENT_REQUIRED, SUSPENDED); each item shows its `warningLevel`; cursor pages. "
            + "Items carry no personal data; opening "
            + "one (`GET /applications/{id}`) is recorded in the applicant's data-access log. The `ETag` is that of "
            + "the page served (it changes with every status or deadline on it); `If-None-Match` answers 304.")
    @APIResponse(responseCode = "200", description = "One page", headers = @Header(name = "ETag",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApplicationResource.SummaryPage.class),
                    examples = @ExampleObject(name = "page", value = ApplicationResource.PAGE_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "The page is the one tagged in `If-None-Match`")
    public Response queue(
            @Parameter(description = "`nextCursor` of the previous page", example = "MR8yMDI2LTEwLTEzH2FiYw")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1..100 (default 20)", example = "20", schema = @Schema(
                    type = SchemaType.INTEGER, format = "int32", minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryParam("limit") Integer limit,
            @Parameter(description = "A tag from an earlier answer for the same page",
                    example = ApplicationResource.ETAG_EXAMPLE) @HeaderParam(HttpHeaders.IF_NONE_MATCH)
            String ifNoneMatch) {
        return ETags.conditionalGet(json, applications.queue(ApplicationResource.callerOf(jwt), cursor, limit),
                ifNoneMatch).build();
    }
}
