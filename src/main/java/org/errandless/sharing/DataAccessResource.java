package org.errandless.sharing;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
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
import org.errandless.common.problem.Problem.InvalidParam;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.Page;

/** The citizen's list of who read their data. */
@Path("/api/v1/me/data-access")
@Tag(name = "Me")
@RolesAllowed(Roles.CITIZEN)
@Produces(MediaType.APPLICATION_JSON)
public class DataAccessResource {

    static final String PAGE = """
            {"items":[{"when":"2026-09-30T02:00:00Z","who":"重庆市民政局","what":"户籍居住状态核验",\
            "purpose":"最低生活保障审核确认","legalBasis":"《社会救助暂行办法》","count":1,\
            "lastAt":"2026-09-30T02:00:00Z"},{"when":"2026-09-30T01:40:00Z","who":"解放碑派出所 户籍民警",\
            "what":"办件材料","purpose":"审核出生登记申请","legalBasis":null,"count":3,\
            "lastAt":"2026-09-30T01:47:12Z"}],"nextCursor":null}""";
    static final String INVALID = """
            {"type":"urn:errandless:problem:validation-failed","title":"请求参数不合法","status":400,\
            "detail":"1 parameter is invalid","instance":"/api/v1/me/data-access","code":"validation-failed",\
            "invalidParams":[{"name":"cursor","reason":"is not a cursor this API issued","code":"invalid"}]}""";

    @Inject
    DataAccessService service;
    @Inject
    JsonWebToken jwt;

    @GET
    @Operation(operationId = "listDataAccessRecords",
            summary = "Who read my data", description = "Every recorded read of the signed-in citizen's data "
            + "by someone else: staff of a station, partner departments' checks, and fetches the system made for "
            + "them, newest first, in cursor pages. Each item says who (department, or station and role), what, "
            + "why (purpose) and the legal basis, when. Repeated reads of the same thing by the same reader within "
            + "ten minutes of the first are one item: `count` says how many, `lastAt` when the last was (a read "
            + "that showed nothing new, such as a 304 or a long-poll that timed out, is not a read). Only the account's own person: an account not yet bound to "
            + "a person (L1) gets an empty list. Labels of `what` follow `Accept-Language` (zh-CN default, en).")
    @APIResponse(responseCode = "200", description = "One page of records", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DataAccessPage.class),
            examples = @ExampleObject(name = "page", value = PAGE)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: a foreign cursor or a limit outside "
            + "1..100", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = INVALID)))
    public Page<DataAccessItem> list(
            @Parameter(description = "`nextCursor` of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "100", defaultValue = "20"), example = "20")
            @QueryParam("limit") String limit,
            @Context HttpHeaders headers) {
        return service.list(UUID.fromString(jwt.getSubject()), cursor, limit(limit), english(headers));
    }

    private static boolean english(HttpHeaders headers) {
        List<Locale> languages = headers.getAcceptableLanguages();
        return !languages.isEmpty() && "en".equals(languages.get(0).getLanguage());
    }

    private static Integer limit(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.validation(List.of(new InvalidParam("limit", "must be a whole number",
                    "wrong-type")));
        }
    }

    /** The list body, named for the spec. */
    @Schema(name = "DataAccessPage")
    record DataAccessPage(List<DataAccessItem> items,
            @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true)
            String nextCursor) {
    }
}
