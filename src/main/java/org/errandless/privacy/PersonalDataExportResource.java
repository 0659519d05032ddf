package org.errandless.privacy;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;
import org.errandless.common.time.BusinessClock;

/** The signed-in citizen's copy of their own data. */
@Path("/api/v1/me/export")
@Tag(name = "Me")
@RolesAllowed(Roles.CITIZEN)
public class PersonalDataExportResource {

    static final String EXAMPLE = """
            {"format":"errandless-personal-data-export","version":1,"exportedAt":"2026-09-30T02:00:00Z",\
            "legalBasis":"《中华人民共和国个人信息保护法》第四十五条 (PIPL art. 45)","notes":["…"],\
            "account":{"id":"0b6f2c1e-8f7a-4d1b-9a55-3f1f0c2d7e91","phone":"+8613800000001",\
            "assuranceLevel":"L2","createdAt":"2026-09-01T08:00:00Z","lastSignInAt":"2026-09-30T01:58:00Z"},\
            "person":{"id":"5c7e9a3b-2d4f-4e6a-8b1c-0d2e3f4a5b6c","name":"张伟","idNumber":"500103********0516",\
            "sex":"M","birthDate":"1988-03-12","ethnicity":"汉族","relationship":"HEAD","status":"ACTIVE"},\
            "household":{"id":"9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d","householdNumber":"5001030100001","type":"FAMILY",\
            "address":"重庆市渝中区解放碑街道民族路1号","stationCode":"50010301","stationName":"渝中区解放碑派出所",\
            "members":[]},"applications":[],"certificates":[],"documents":[],"notifications":[],"dataAccess":[],\
            "identityVerifications":[{"at":"2026-09-01T08:01:00Z","check":"REAL_NAME","outcome":"SUCCESS",\
            "reason":null}],"dataSharingConsents":[],"authorisations":[],"consentRequestsAskedOfMe":[],\
            "consentRequestsOnMyApplications":[],"complete":true}""";
    static final String RATE_LIMITED = """
            {"type":"urn:errandless:problem:rate-limited","title":"请求过于频繁","status":429,\
            "detail":"3 exports per 60 minutes; try again later","instance":"/api/v1/me/export",\
            "code":"rate-limited"}""";

    @Inject
    PersonalDataExportService exports;
    @Inject
    JsonWebToken jwt;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "exportMyData",
            summary = "Download my data", description = "Everything held about the signed-in citizen as one JSON "
            + "document (PIPL art. 45): the account (phone in full), the person and household as `GET /me` and "
            + "`GET /me/household` show them, every application with its form, materials, evidence, public timeline, "
            + "decision and evaluation, the certificates issued, the documents (metadata and the address of their "
            + "bytes), messages, the data-access log, identity checks (when, which, outcome), consents to data "
            + "sharing, the 代办 authorisations given and held, and the MOVE_IN consent requests that asked the "
            + "citizen as head and those made about their own applications. Nothing of other people beyond what those views show (other members' ID numbers masked). An "
            + "L1 account gets what exists. Streamed as it is read (`Content-Disposition: attachment`, no "
            + "`Content-Length`): a download cut short lacks the closing `\"complete\": true`. Each export is recorded "
            + "in the audit trail; a few per account and hour (429 `rate-limited` with `Retry-After`).")
    @APIResponse(responseCode = "200", description = "The document, as an attachment", headers = {
            @Header(name = "Content-Disposition", schema = @Schema(type = SchemaType.STRING,
                    example = "attachment; filename=\"errandless-my-data-2026-09-30.json\"")),
            @Header(name = "X-Content-Type-Options", schema = @Schema(type = SchemaType.STRING,
                    example = "nosniff")) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PersonalDataExport.class),
                    examples = @ExampleObject(name = "export", value = EXAMPLE)))
    @APIResponse(responseCode = "429", description = "`rate-limited`: this account's exports of the hour are used up",
            headers = @Header(name = "Retry-After", description = "Seconds until an export may start",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "rate-limited", value = RATE_LIMITED)))
    public Response export(@Context HttpHeaders headers) {
        PersonalDataExportService.Started export = exports.start(UUID.fromString(jwt.getSubject()),
                english(headers));
        StreamingOutput body = out -> exports.write(export, out);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"errandless-my-data-"
                        + LocalDate.ofInstant(export.at(), BusinessClock.ZONE) + ".json\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private static boolean english(HttpHeaders headers) {
        List<Locale> languages = headers.getAcceptableLanguages();
        return !languages.isEmpty() && "en".equals(languages.get(0).getLanguage());
    }
}
