package org.errandless.bench.minimal;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** A read of the table for anyone, and the caller's subject for a bearer of a valid JWT. */
@Path("/greetings")
@Produces(MediaType.APPLICATION_JSON)
public class GreetingResource {

    @Inject
    JsonWebToken jwt;

    @GET
    @PermitAll
    public List<Greeting> list() {
        return Greeting.listAll();
    }

    @GET
    @Path("/me")
    @RolesAllowed("user")
    public String me() {
        return jwt.getSubject();
    }
}
