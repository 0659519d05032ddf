package org.errandless.applications;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.security.Roles;
import org.errandless.common.web.Page;

/** The officer's work queue. */
@Path("/api/v1/officer/queue")
@Tag(name = "Officer queue", description = "The open applications of the officer's station, overdue first")
public class OfficerQueueResource {

    @Inject
    ApplicationService applications;
    @Inject
    JsonWebToken jwt;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OFFICER)
    @Operation(summary = "My station's queue", description = "Open applications (SUBMITTED, SUPPLEMENT_REQUIRED, "
            + "ACCEPTED, SUSPENDED, APPROVED) of the officer's station: overdue first, then by the running deadline "
            + "(acceptance due date while SUBMITTED, the service's due date from acceptance), then those whose clock "
            + "is not running (SUPPLEMENT_REQUIRED, SUSPENDED); cursor pages. Items carry no personal data; opening "
            + "one (`GET /applications/{id}`) is recorded in the applicant's data-access log.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApplicationResource.SummaryPage.class),
            examples = @ExampleObject(name = "page", value = ApplicationResource.PAGE_EXAMPLE)))
    public Page<ApplicationSummary> queue(
            @Parameter(description = "`nextCursor` of the previous page", example = "MR8yMDI2LTEwLTEzH2FiYw")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1..100 (default 20)", example = "20") @QueryParam("limit")
            Integer limit) {
        return applications.queue(ApplicationResource.callerOf(jwt), cursor, limit);
    }
}
