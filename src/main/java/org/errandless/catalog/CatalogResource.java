package org.errandless.catalog;

import org.errandless.common.security.AssuranceLevel;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;

import io.quarkus.arc.NoClassInterceptors;

/**
 * The public service catalogue: what one can apply for, what it needs and how long it may take.
 * <p>
 * Public as a whole ({@code @PermitAll} on the class, which Quarkus REST applies before the call); the two reads skip
 * the CDI interceptor the same annotation binds ({@code @NoClassInterceptors}), which would only confirm that on
 * every call of the app's most frequent public read.
 */
@Path("/api/v1/services")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalogue", description = "The standard services (政务服务事项) one can apply for: required materials, "
        + "time limits, minimum assurance level. Public and cacheable (strong ETag, If-None-Match).")
public class CatalogResource {

    /** Clients may keep the catalogue but must revalidate it (cheaply, with If-None-Match) before use. */
    static final String CACHE_CONTROL = "public, no-cache";

    static final String ETAG_EXAMPLE = "\"Rk4yLVNu6y3tbXWqvG1TOGqyb1hEBeBkPX9t0CYJw1I\"";

    static final String SERVICE_EXAMPLE = """
            {"code": "ADDRESS_CHANGE",
             "name": {"zh": "住址变更", "en": "Change of address"},
             "materials": [
               {"code": "PROPERTY_CERTIFICATE", "name": {"zh": "不动产权证书", "en": "Property ownership certificate"},
                "source": "SHARED", "sourceDepartment": "HOUSING", "required": true, "oneOfGroup": "NEW_ADDRESS_PROOF"},
               {"code": "TENANCY_PROOF", "name": {"zh": "房屋租赁合同", "en": "Tenancy agreement"},
                "source": "UPLOAD", "sourceDepartment": null, "required": true, "oneOfGroup": "NEW_ADDRESS_PROOF"}],
             "timeLimit": {"amount": 5, "unit": "WORKING_DAYS"},
             "minimumAssuranceLevel": "L2",
             "handlingMode": "FULLY_ONLINE",
             "handOverStep": false,
             "formSchema": {
               "$schema": "https://json-schema.org/draft/2020-12/schema",
               "title": "住址变更申请表",
               "description": "Changes the address of the applicant's household; the register keeps the history. \
            Example: 张伟 (head of demo household 5001030100001) registers the family's new home in 渝中区.",
               "type": "object",
               "properties": {
                 "newAddress": {"title": "新住址", "description": "The full new address, 1 to 200 characters, not blank",
                   "type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\\\S"}},
               "required": ["newAddress"],
               "additionalProperties": false,
               "examples": [{"newAddress": "重庆市渝中区八一路208号(demo)"}]}}""";

    static final String LIST_EXAMPLE = """
            {"items": [
              {"code": "BIRTH_REGISTRATION",
               "name": {"zh": "出生登记", "en": "Birth registration"},
               "materials": [
                 {"code": "BIRTH_MEDICAL_CERTIFICATE", "name": {"zh": "出生医学证明", "en": "Birth medical certificate"},
                  "source": "SHARED", "sourceDepartment": "HEALTH", "required": true, "oneOfGroup": null},
                 {"code": "MARRIAGE_CERTIFICATE", "name": {"zh": "结婚证", "en": "Marriage certificate"},
                  "source": "SHARED", "sourceDepartment": "CIVIL_AFFAIRS", "required": false, "oneOfGroup": null}],
               "timeLimit": {"amount": 1, "unit": "WORKING_DAYS"},
               "minimumAssuranceLevel": "L2", "handlingMode": "FULLY_ONLINE", "handOverStep": false},
              {"code": "ID_CARD_RENEWAL",
               "name": {"zh": "居民身份证换领", "en": "Resident ID card renewal"},
               "materials": [
                 {"code": "ID_PHOTO", "name": {"zh": "身份证相片", "en": "ID card photo"},
                  "source": "UPLOAD", "sourceDepartment": null, "required": true, "oneOfGroup": null}],
               "timeLimit": {"amount": 60, "unit": "CALENDAR_DAYS"},
               "minimumAssuranceLevel": "L3", "handlingMode": "ONLINE_WITH_PICKUP", "handOverStep": true}],
             "nextCursor": null}""";

    static final String NOT_FOUND_EXAMPLE = """
            {"type": "urn:errandless:problem:service-not-found", "title": "服务事项不存在", "status": 404,
             "detail": "There is no service with code PASSPORT", "instance": "/api/v1/services/PASSPORT",
             "code": "service-not-found"}""";

    private final CatalogService catalog;

    public CatalogResource(CatalogService catalog) {
        this.catalog = catalog;
    }

    @GET
    @NoClassInterceptors
    @SecurityRequirements
    @Operation(operationId = "listServices",
            summary = "List the service catalogue",
            description = "Every standard service in catalogue order, with its materials (and where each comes "
                    + "from), time limit, minimum assurance level, handling mode, whether it has a hand-over "
                    + "step and the JSON Schema of its application form (`formSchema`). Names are given in Chinese "
                    + "and English. The whole catalogue fits one page, so `nextCursor` is always null. Send the "
                    + "`ETag` back in `If-None-Match` to get 304 while it is unchanged.")
    @APIResponse(responseCode = "200", description = "The catalogue",
            headers = @Header(name = HttpHeaders.ETAG, description = "Strong entity tag of this representation",
                    schema = @Schema(type = SchemaType.STRING, example = ETAG_EXAMPLE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ServiceItemPage.class),
                    examples = @ExampleObject(name = "catalogue", value = LIST_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "Not modified: the If-None-Match tag is current; no body",
            headers = @Header(name = HttpHeaders.ETAG, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "406", description = "Only application/json can be produced",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response list(
            @Parameter(description = "ETag(s) of a representation the client holds (or `*`)",
                    example = ETAG_EXAMPLE) @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return catalog.preparedList().conditionalGet(ifNoneMatch).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .build();
    }

    @GET
    @Path("{code}")
    @NoClassInterceptors
    @SecurityRequirements
    @Operation(operationId = "getService",
            summary = "Get one service of the catalogue",
            description = "The service with this code: materials, time limit, minimum assurance level, handling "
                    + "mode, hand-over step, and `formSchema`, the JSON Schema (draft 2020-12) of its application "
                    + "form, against which submission validates the form; its `examples[0]` is a valid form. Codes "
                    + "are case-sensitive. Send the `ETag` back in `If-None-Match` to get 304 while it is unchanged.")
    @APIResponse(responseCode = "200", description = "The service",
            headers = @Header(name = HttpHeaders.ETAG, description = "Strong entity tag of this representation",
                    schema = @Schema(type = SchemaType.STRING, example = ETAG_EXAMPLE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ServiceItemView.class),
                    examples = @ExampleObject(name = "ADDRESS_CHANGE", value = SERVICE_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "Not modified: the If-None-Match tag is current; no body",
            headers = @Header(name = HttpHeaders.ETAG, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "`service-not-found`: no service has this code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "service-not-found", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "406", description = "Only application/json can be produced",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get(
            @Parameter(description = "Service code", example = "BIRTH_REGISTRATION") @PathParam("code") String code,
            @Parameter(description = "ETag(s) of a representation the client holds (or `*`)",
                    example = ETAG_EXAMPLE) @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return catalog.prepared(code).conditionalGet(ifNoneMatch).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .build();
    }
}
