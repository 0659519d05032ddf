package org.errandless.common.problem;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** Test-only endpoints that provoke each framework error; hidden from the spec. */
@Path("/test-support/errors")
public class ErrorProbeResource {

    public record Body(@NotBlank String name, @NotNull Integer count) {
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Body get(@QueryParam("count") @Max(5) Integer count) {
        return new Body("ok", count);
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Body post(@Valid @NotNull Body body) {
        return body;
    }

    @GET
    @Path("admin-only")
    @RolesAllowed("ADMIN")
    @Operation(hidden = true)
    public String adminOnly() {
        return "secret";
    }

    @GET
    @Path("boom")
    @PermitAll
    @Operation(hidden = true)
    public String boom() {
        throw new IllegalStateException("select secret from internals");
    }
}
