package org.errandless.common.web.idempotency;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;

/**
 * Test-only endpoints that create "things" idempotently; hidden from the spec. The public ones know their caller by
 * {@link ProbeCaller}'s header, the secured ones by the token; the {@code secret} ones answer as if with secrets.
 * What a request does depends on its name: {@code fail-once:} fails with 500 the first time, {@code stale-once:} and
 * {@code precondition-once:} answer 412 and 428 the first time, {@code reject:} answers 422, and a name the
 * {@link IdempotencyProbe} holds waits inside until the test releases it.
 */
@Path("/test-support/idempotency")
public class IdempotencyProbeResource {

    @Inject
    IdempotencyProbe probe;

    public record NewThing(@NotBlank String name) {
    }

    public record Thing(UUID id, String name, int execution) {
    }

    @POST
    @Path("things")
    @PermitAll
    @Idempotent(caller = ProbeCaller.class)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response create(@Valid @NotNull NewThing request) {
        return createThing(request);
    }

    @POST
    @Path("secured-things")
    @RolesAllowed({ Roles.OFFICER, Roles.ADMIN })
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response createSecured(@Valid @NotNull NewThing request) {
        return createThing(request);
    }

    @POST
    @Path("things/plain")
    @PermitAll
    @Idempotent(caller = ProbeCaller.class)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Thing createPlain(@Valid @NotNull NewThing request) {
        int execution = probe.execute(request.name());
        return new Thing(UUID.randomUUID(), request.name(), execution);
    }

    @POST
    @Path("things/etagged")
    @PermitAll
    @Idempotent(caller = ProbeCaller.class)
    @ProbeETag
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response createEtagged(@Valid @NotNull NewThing request) {
        return createThing(request);
    }

    @POST
    @Path("things/secret")
    @PermitAll
    @Idempotent(caller = ProbeCaller.class)
    @SecretAnswer
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response createSecret(@Valid @NotNull NewThing request) {
        return createThing(request);
    }

    @POST
    @Path("secured-things/secret")
    @RolesAllowed({ Roles.OFFICER, Roles.ADMIN })
    @Idempotent
    @SecretAnswer
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response createSecuredSecret(@Valid @NotNull NewThing request) {
        return createThing(request);
    }

    private Response createThing(NewThing request) {
        int execution = probe.execute(request.name());
        probe.pauseIfHeld(request.name());
        if (request.name().startsWith("fail-once:") && execution == 1) {
            throw new IllegalStateException("the database went away");
        }
        if (request.name().startsWith("stale-once:") && execution == 1) {
            throw new ProblemException(412, "stale", "The thing changed since it was read");
        }
        if (request.name().startsWith("precondition-once:") && execution == 1) {
            throw new ProblemException(428, "precondition-required", "Send If-Match");
        }
        if (request.name().startsWith("reject:")) {
            throw ProblemException.unprocessable("form-invalid", "This thing cannot be made");
        }
        UUID id = UUID.randomUUID();
        return Response.created(URI.create("/test-support/idempotency/things/" + id))
                .tag(new EntityTag("v1-" + id))
                .entity(new Thing(id, request.name(), execution)).build();
    }
}
