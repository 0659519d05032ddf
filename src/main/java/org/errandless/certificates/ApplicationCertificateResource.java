package org.errandless.certificates;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

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
import org.errandless.common.security.Roles;
import org.errandless.common.web.ETags;

/** The e-certificate of an application, for the citizen who holds it. */
@Path("/api/v1/applications/{id}/certificate")
@Tag(name = "Certificates", description = "E-certificates (电子证照): the signed results of completed applications, "
        + "shown to their holder and verifiable by anyone by code, QR code or as a whole JWS")
@RolesAllowed(Roles.CITIZEN)
public class ApplicationCertificateResource {

    static final String ID_EXAMPLE = "5c3e1a9b-7d2f-4b8e-a6c1-0f9d8e7b6a52";
    static final String CERTIFICATE_EXAMPLE = """
            {"id": "0b6d7f4e-8c21-4d3a-9f7e-2a1c5b8e9d40", "type": "HOUSEHOLD_REGISTRATION",
             "verificationCode": "7KQ2M9XD4HTB", "issuedAt": "2026-09-30T02:00:00Z",
             "claims": {"iss": "重庆市公安局 户籍网上办理 (Errandless)", "jti": "0b6d7f4e-8c21-4d3a-9f7e-2a1c5b8e9d40",
               "iat": 1790733600, "type": "HOUSEHOLD_REGISTRATION", "title": "户籍证明",
               "verificationCode": "7KQ2M9XD4HTB", "applicationId": "5c3e1a9b-7d2f-4b8e-a6c1-0f9d8e7b6a52",
               "issuedAt": "2026-09-30T02:00:00Z", "holder": {"name": "张伟", "idNumber": "500103********0516"},
               "householdNumber": "500103000123", "address": "重庆市渝中区解放碑民族路1号",
               "relationshipToHead": {"code": "HEAD", "name": "户主"},
               "station": {"code": "50010301", "name": "解放碑派出所"}, "purpose": "办理入学"},
             "jws": "eyJ0eXAiOiJlcnJhbmRsZXNzLWNlcnRpZmljYXRlK2p3dCIsImtpZCI6Ii4uLiIsImFsZyI6IlJTMjU2In0.eyJ....",
             "verificationUrl": "https://errandless.example/api/v1/certificates/verify/7KQ2M9XD4HTB"}""";
    static final String NOT_FOUND_EXAMPLE = """
            {"type": "urn:errandless:problem:not-found", "title": "资源不存在", "status": 404,
             "detail": "No such certificate", "instance": "/api/v1/applications/5c3e1a9b-7d2f-4b8e-a6c1-0f9d8e7b6a52/certificate",
             "code": "not-found"}""";

    @Inject
    CertificateService certificates;
    @Inject
    JsonWebToken jwt;
    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCertificate",
            summary = "My certificate of an application", description = "The e-certificate the completed "
            + "application yielded: a household-registration certificate (户籍证明) for HOUSEHOLD_CERTIFICATE, a "
            + "completion notice (办结通知书) for every other service. `claims` are exactly the payload of `jws`, a "
            + "compact RS256 JWS that verifies with the certificate keys of `/.well-known/jwks.json`; ID numbers "
            + "appear only masked. Only the holder sees it, and the person the application is about where someone "
            + "else made it for them (a parent, a 代办 agent; read-only, as they read the application): an application "
            + "of someone else, or one without a "
            + "certificate (yet), answers 404. A revoked certificate is still shown, with `revokedAt`. Honours "
            + "`If-None-Match`.")
    @APIResponse(responseCode = "200", description = "The certificate",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CertificateView.class),
                    examples = @ExampleObject(name = "household certificate", value = CERTIFICATE_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "Not modified since the tag in `If-None-Match`")
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No certificate of this application is the caller's: unknown "
            + "application, someone else's, or none issued (`not-found`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND_EXAMPLE)))
    public Response get(@Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "A tag from an earlier answer") @HeaderParam(HttpHeaders.IF_NONE_MATCH)
            String ifNoneMatch) {
        return ETags.conditionalGet(json, certificates.ofApplication(id, accountId()), ifNoneMatch).build();
    }

    @GET
    @Path("qr.png")
    @Produces("image/png")
    @Operation(operationId = "getCertificateQrCode",
            summary = "QR code of my certificate", description = "A PNG QR code (error correction M) of the "
            + "certificate's public verification URL, to show or print with the certificate; scanning it opens "
            + "`GET /api/v1/certificates/verify/{verificationCode}`. Same access as the certificate.")
    @APIResponse(responseCode = "200", description = "The QR code",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No certificate of this application is the caller's "
            + "(`not-found`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND_EXAMPLE)))
    public Response qrCode(@Parameter(description = "The application", example = ID_EXAMPLE) @PathParam("id") UUID id) {
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setMaxAge(86400);
        return Response.ok(certificates.qrCode(id, accountId()), "image/png").cacheControl(cache).build();
    }

    private UUID accountId() {
        return UUID.fromString(jwt.getSubject());
    }
}
