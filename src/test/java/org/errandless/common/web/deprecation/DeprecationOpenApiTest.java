package org.errandless.common.web.deprecation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.junit.jupiter.api.Test;

/** How a retirement shows in the published spec. */
class DeprecationOpenApiTest {

    private static final Retirement RETIREMENT = new Retirement(LocalDate.of(2026, 12, 5),
            LocalDate.of(2027, 12, 31), URI.create("https://errandless.example/changes#getOldThing"));

    private static Operation operation(String id) {
        return OASFactory.createOperation().operationId(id).description("Reads a thing.")
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("The thing"))
                        .addAPIResponse("404", OASFactory.createAPIResponse().description("No such thing")));
    }

    @Test
    void aRetiredOperationIsDeprecatedWithItsDatesAndHeadersOnEveryAnswer() {
        Operation old = operation("getOldThing");
        Operation current = operation("getThing");
        OpenAPI openAPI = OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem("/api/v1/old-things/{id}", OASFactory.createPathItem().GET(old))
                .addPathItem("/api/v1/things/{id}", OASFactory.createPathItem().GET(current)));

        DeprecationOpenApi.document(openAPI, Map.of("getOldThing", RETIREMENT));

        assertEquals(Boolean.TRUE, old.getDeprecated());
        assertTrue(old.getDescription().startsWith("Reads a thing.\n\n**Deprecated** since 2026-12-05"),
                old.getDescription());
        assertTrue(old.getDescription().contains("sunset on 2027-12-31"), old.getDescription());
        for (String status : Set.of("200", "404")) {
            var headers = old.getResponses().getAPIResponse(status).getHeaders();
            assertEquals(Set.of("Deprecation", "Sunset", "Link"), headers.keySet(), status);
            assertEquals("@1796428800", headers.get("Deprecation").getExample());
            assertEquals(Boolean.TRUE, headers.get("Sunset").getRequired());
        }
        assertNull(current.getDeprecated(), "an operation that is not retired is untouched");
        assertNull(current.getResponses().getAPIResponse("200").getHeaders());
        assertEquals("Reads a thing.", current.getDescription());
    }
}
