package org.errandless.certificates;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.common.security.Roles;

/** Admins withdraw a certificate that should not stand (issued on a register entry later corrected, say). */
@Path("/api/v1/admin/certificates")
@Tag(name = "Administration")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class CertificateAdminResource {

    static final String REQUEST_EXAMPLE = "{\"reason\": \"Issued on a register entry that was corrected\"}";
    static final String REVOKED_EXAMPLE = """
            {"id": "0b6d7f4e-8c21-4d3a-9f7e-2a1c5b8e9d40", "applicationId": "5c3e1a9b-7d2f-4b8e-a6c1-0f9d8e7b6a52",
             "type": "HOUSEHOLD_REGISTRATION", "verificationCode": "7KQ2M9XD4HTB", "issuedAt": "2026-09-30T02:00:00Z",
             "revokedAt": "2026-10-08T06:30:00Z", "revocationReason": "Issued on a register entry that was corrected"}""";
    static final String ALREADY_REVOKED_EXAMPLE = """
            {"type": "urn:errandless:problem:certificate-already-revoked", "title": "电子证照已被撤销", "status": 409,
             "detail": "The certificate was already revoked",
             "instance": "/api/v1/admin/certificates/0b6d7f4e-8c21-4d3a-9f7e-2a1c5b8e9d40/revoke",
             "code": "certificate-already-revoked"}""";

    /** Why a certificate is revoked. */
    @Schema(name = "CertificateRevocationRequest")
    public record RevocationRequest(
            @NotBlank @Size(max = 500) @Schema(required = true, maxLength = 500, description = "Why, for the record "
                    + "(kept with the certificate, never shown to verifiers)",
                    example = "Issued on a register entry that was corrected") String reason) {
    }

    @Inject
    CertificateService certificates;
    @Inject
    JsonWebToken jwt;

    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Operation(operationId = "revokeCertificate",
            summary = "Revoke a certificate", description = "Withdraws an e-certificate: from now on both "
            + "verifications answer `valid: false` (by code with `revoked: true`), while the holder still sees it "
            + "with `revokedAt`. Recorded in the audit trail (`certificate.revoke`). A certificate is revoked once: "
            + "again is 409 `certificate-already-revoked`.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RevocationRequest.class),
            examples = @ExampleObject(name = "reason", value = REQUEST_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Revoked", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevokedCertificateView.class),
            examples = @ExampleObject(name = "revoked", value = REVOKED_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "`validation-failed`: reason missing, blank or longer than 500 "
            + "characters; `malformed-request`: the body is not JSON", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such certificate (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "`certificate-already-revoked`", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "certificate-already-revoked", value = ALREADY_REVOKED_EXAMPLE)))
    public RevokedCertificateView revoke(@Parameter(description = "The certificate (its `id`)",
            example = "0b6d7f4e-8c21-4d3a-9f7e-2a1c5b8e9d40") @PathParam("id") UUID id,
            @Valid @NotNull RevocationRequest request) {
        return certificates.revoke(id, request.reason(), jwt.getSubject(), "ADMIN");
    }
}
