package org.errandless.identity.verification;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.common.web.idempotency.SecretAnswer;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Identity verification of the signed-in citizen: real name (L2) and face (L3). */
@Path("/api/v1/me/identity")
@Tag(name = "Me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CITIZEN)
public class IdentityResource {

    private static final String PROFILE_EXAMPLE = """
            {"profile": {"id": "0b6f2c1e-8f7a-4d1b-9a55-3f1f0c2d7e91", "phone": "+8613800000001",
             "name": "张伟", "idNumber": "500103********0516", "roles": ["CITIZEN"], "assuranceLevel": """;
    private static final String TOKENS_EXAMPLE = """
            }, "tokens": {"accessToken": "eyJraWQiOiJ...", "refreshToken": "rt_4fJ2v...", "tokenType": "Bearer",
             "expiresIn": 900}}""";
    static final String L2_EXAMPLE = PROFILE_EXAMPLE + "\"L2\"" + TOKENS_EXAMPLE;
    static final String L3_EXAMPLE = PROFILE_EXAMPLE + "\"L3\"" + TOKENS_EXAMPLE;

    @Inject
    IdentityVerificationService verification;
    @Inject
    JsonWebToken jwt;

    @POST
    @Idempotent
    @SecretAnswer
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyIdentity",
            summary = "Verify my real name (L2)", description = "Matches name and ID number to an ACTIVE person "
            + "of the household register and asks the carrier whether the account's phone is registered to that ID "
            + "number (运营商三要素). On success the account is bound to the person (one account per person) and raised "
            + "to L2; the answer carries the profile and a fresh token pair whose access token says `acr: L2`. "
            + "Verifying again as the same person changes nothing. Five failed verifications a day (this and the "
            + "face check together) and the account waits until midnight Beijing time. A child under 16 on the "
            + "business date (as the ID number's birth date says) cannot sign in as themself: 403 "
            + "`minor-cannot-sign-in`, not counted as a failure; a parent of the same household applies for them "
            + "(`onBehalfOf` of `POST /applications`).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IdentityClaim.class), examples = @ExampleObject(name = "claim",
                    value = "{\"name\": \"张伟\", \"idNumber\": \"500103198803120516\"}")))
    @APIResponse(responseCode = "200", description = "Verified: the profile at L2 and a fresh token pair",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IdentityVerificationView.class),
                    examples = @ExampleObject(name = "verified", value = L2_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Missing or too long fields (`validation-failed`), or a body "
            + "that is not JSON (`malformed-request`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked token (`unauthorized`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`), or the ID number says a child "
            + "under 16 (`minor-cannot-sign-in`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Another account holds this person (`identity-already-bound`); "
            + "the face check with name and ID number can move it here", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The ID number is malformed (`id-number-invalid`), name and "
            + "number match no active person (`identity-mismatch`), or the carrier does not have the phone "
            + "registered to it (`phone-not-registered-to-id`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many failed verifications today (`rate-limited`)",
            headers = @Header(name = "Retry-After", description = "Seconds until midnight Beijing time",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The carrier check is unavailable (`verification-unavailable`); "
            + "nothing was counted against the account", headers = @Header(name = "Retry-After",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public IdentityVerificationView verify(@Valid @NotNull IdentityClaim claim) {
        return verification.verifyRealName(accountId(), claim.name().strip(), claim.idNumber());
    }

    @POST
    @Path("face")
    @Idempotent
    @SecretAnswer
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "verifyFace",
            summary = "Face check (L3)", description = "Sends a photo of the face to the face provider, which "
            + "compares it with the person's registered portrait and checks that it shows a living person. A "
            + "verified account (L2, as stored for the account) becomes L3. An L1 account whose real-name "
            + "verification answered `identity-already-bound` sends `name` and `idNumber` as well: when its phone "
            + "passes the carrier check for that ID number and the face matches, the person moves to this account "
            + "(L3); the account that held them drops to L1, is signed out everywhere and is told by SMS. Whoever "
            + "merely knows someone's name and ID number cannot squat their identity. The photo must be JPEG or PNG "
            + "(by content, not name), at least 480×480 pixels and at most 5 MB. Takes `Idempotency-Key`: a retry "
            + "after a lost answer replays it (the same tokens) instead of asking the provider again; the same key "
            + "with another photo is refused.")
    @APIResponse(responseCode = "200", description = "Passed: the profile at L3 and a fresh token pair",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IdentityVerificationView.class),
                    examples = @ExampleObject(name = "verified", value = L3_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No photo, or only one of name and idNumber, or a field too "
            + "long (`validation-failed`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked token (`unauthorized`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`), or the account is not yet L2 and "
            + "sent no identity to move (`assurance-too-low`), or the ID number named says a child under 16 "
            + "(`minor-cannot-sign-in`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The account is bound to another person than the one named "
            + "(`identity-already-bound`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The photo is larger than 5 MB (`payload-too-large`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The photo is neither JPEG nor PNG, or the body is not "
            + "multipart (`unsupported-media-type`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The photo is unreadable or smaller than 480×480 "
            + "(`photo-unusable`); the face does not match or is not live (`face-mismatch`); when moving an "
            + "identity: `id-number-invalid`, `identity-mismatch`, `phone-not-registered-to-id`", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many failed verifications today (`rate-limited`)",
            headers = @Header(name = "Retry-After", description = "Seconds until midnight Beijing time",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The face or carrier check is unavailable "
            + "(`verification-unavailable`)", headers = @Header(name = "Retry-After",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public IdentityVerificationView face(
            @Schema(description = "A photo of the face: JPEG or PNG, at least 480×480 pixels, at most 5 MB")
            @NotNull @RestForm("photo") FileUpload photo,
            @Schema(description = "Only when moving an identity bound to another account: name as registered",
                    example = "张伟") @Size(max = 64) @RestForm("name") String name,
            @Schema(description = "Only when moving an identity bound to another account: ID number",
                    type = SchemaType.STRING, example = "500103198803120516") @Size(max = 32) @RestForm("idNumber") String idNumber) {
        return verification.verifyFace(accountId(), new IdentityVerificationService.PhotoUpload(
                photo.uploadedFile()), blankToNull(name), blankToNull(idNumber));
    }

    private UUID accountId() {
        return UUID.fromString(jwt.getSubject());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
