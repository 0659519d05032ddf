package org.errandless.sharing;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.security.Roles;
import org.errandless.identity.token.Claims;

/**
 * Our register for partner departments: purpose-bound checks that answer the question asked, not the whole record.
 * Personal data travels in the body, never in a URL; the checks are POSTs for that reason and change nothing but the
 * access log (so they take no {@code Idempotency-Key}: a retry is simply another check).
 */
@Path("/api/v1/partner")
@Tag(name = "Partners", description = "For partner departments: an access token by OAuth2 client credentials, "
        + "then purpose-bound checks of the household register")
@Produces(MediaType.APPLICATION_JSON)
public class PartnerCheckResource {

    static final String PERSON_CHECK = "{\"idNumber\":\"500103199001011234\",\"purpose\":\"SOCIAL_ASSISTANCE\"}";
    static final String RELATIONSHIP_CHECK = "{\"idNumber\":\"500103199001011234\","
            + "\"otherIdNumber\":\"500103201503052345\",\"purpose\":\"SOCIAL_ASSISTANCE\"}";
    static final String PURPOSE_REQUIRED = """
            {"type":"urn:errandless:problem:purpose-required","title":"须说明查询目的","status":422,\
            "detail":"Name the purpose of the check: one of the codes of GET /api/v1/partner/purposes",\
            "instance":"/api/v1/partner/residency-checks","code":"purpose-required"}""";
    static final String FORBIDDEN = """
            {"type":"urn:errandless:problem:forbidden","title":"无权访问","status":403,\
            "detail":"This check needs the scope registry.person.read","instance":"/api/v1/partner/residency-checks",\
            "code":"forbidden"}""";
    static final String PURPOSE_NOT_GRANTED = """
            {"type":"urn:errandless:problem:purpose-not-granted","title":"未获授权的查询目的","status":403,\
            "detail":"This client was not granted the purpose PENSION_ENTITLEMENT; an administrator grants purposes \
            per client","instance":"/api/v1/partner/residency-checks","code":"purpose-not-granted"}""";
    static final String QUOTA = """
            {"type":"urn:errandless:problem:quota-exceeded","title":"已超出配额","status":429,\
            "detail":"The client's daily quota of 10000 checks is used up",\
            "instance":"/api/v1/partner/residency-checks","code":"quota-exceeded"}""";
    static final String INVALID = """
            {"type":"urn:errandless:problem:validation-failed","title":"请求参数不合法","status":400,\
            "detail":"1 parameter is invalid","instance":"/api/v1/partner/residency-checks","code":"validation-failed",\
            "invalidParams":[{"name":"idNumber","reason":"must not be blank","code":"required"}]}""";
    static final String PURPOSES = """
            [{"code":"SOCIAL_ASSISTANCE","name":"最低生活保障审核确认","nameEn":"Minimum living allowance review",\
            "legalBasis":"《社会救助暂行办法》"}]""";

    @Inject
    PartnerCheckService checks;
    @Inject
    JsonWebToken jwt;

    @GET
    @Path("purposes")
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "listGrantedPurposes",
            summary = "Purposes a partner may name", description = "Every purpose a check may state, with its "
            + "legal basis. A check without one of these codes is refused with 422 `purpose-required`, and one naming "
            + "a purpose an admin has not granted to the client with 403 `purpose-not-granted`. Public: the "
            + "list is law, not a secret.")
    @APIResponse(responseCode = "200", description = "The purposes", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = Checks.PurposeView.class),
            examples = @ExampleObject(name = "purposes", value = PURPOSES)))
    @APIResponse(responseCode = "406", description = "The client accepts no JSON (`not-acceptable`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<Checks.PurposeView> purposes() {
        return checks.purposes();
    }

    @POST
    @Path("residency-checks")
    @RolesAllowed(Roles.PARTNER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "checkResidency",
            summary = "Is this person a registered resident", description = "Needs the scope "
            + "`registry.person.read` and a purpose granted to the client. Answers whether the person is an active "
            + "resident of our register and the district (GB/T 2260) of their household, nothing more: an ID number "
            + "the register does not know answers like a person who is not resident. The check is recorded as an "
            + "access to the person's data, which they can see. Counts against the client's rate limit and daily "
            + "quota.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Checks.PersonCheck.class),
            examples = @ExampleObject(name = "check", value = PERSON_CHECK)))
    @APIResponse(responseCode = "200", description = "The answer", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Checks.ResidencyAnswer.class),
            examples = @ExampleObject(name = "resident", value = "{\"resident\":true,\"divisionCode\":\"500103\"}")))
    @APIResponse(responseCode = "400", description = "`validation-failed`: no ID number", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "validation-failed", value = INVALID)))
    @APIResponse(responseCode = "403", description = "`forbidden`: the token lacks the scope; "
            + "`purpose-not-granted`: an admin has not granted the client this purpose", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = { @ExampleObject(name = "forbidden", value = FORBIDDEN),
                            @ExampleObject(name = "purpose-not-granted", value = PURPOSE_NOT_GRANTED) }))
    @APIResponse(responseCode = "422", description = "`purpose-required`: no or unknown purpose; "
            + "`id-number-invalid`: not a valid ID number", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "purpose-required", value = PURPOSE_REQUIRED)))
    @APIResponse(responseCode = "429", description = "`rate-limited`: too many checks this minute; "
            + "`quota-exceeded`: the daily quota is used up", headers = @Header(name = "Retry-After",
                    description = "Seconds until a check may succeed", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "quota-exceeded", value = QUOTA)))
    public Checks.ResidencyAnswer residency(@Valid @NotNull Checks.PersonCheck check) {
        return checks.residency(caller(), check);
    }

    @POST
    @Path("relationship-checks")
    @RolesAllowed(Roles.PARTNER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "checkRelationship",
            summary = "Are two persons of one household, and how related", description = "Needs the scope "
            + "`registry.household.read` and a purpose granted to the client. Answers whether both are active members of one household "
            + "and the second person's relation to the first (e.g. `SON`: the second is the first's son), derived "
            + "from both persons' relations to the head; `OTHER` where the register does not tell. ID numbers the "
            + "register does not know answer like persons of different households. Both persons "
            + "see the check in their data-access list. Counts against the rate limit and daily quota.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Checks.RelationshipCheck.class),
            examples = @ExampleObject(name = "check", value = RELATIONSHIP_CHECK)))
    @APIResponse(responseCode = "200", description = "The answer", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Checks.RelationshipAnswer.class),
            examples = @ExampleObject(name = "son", value = "{\"sameHousehold\":true,\"relationship\":\"SON\"}")))
    @APIResponse(responseCode = "400", description = "`validation-failed`: an ID number is missing",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validation-failed", value = INVALID)))
    @APIResponse(responseCode = "403", description = "`forbidden`: the token lacks the scope; "
            + "`purpose-not-granted`: an admin has not granted the client this purpose", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = { @ExampleObject(name = "forbidden", value = FORBIDDEN),
                            @ExampleObject(name = "purpose-not-granted", value = PURPOSE_NOT_GRANTED) }))
    @APIResponse(responseCode = "422", description = "`purpose-required` or `id-number-invalid`",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "purpose-required", value = PURPOSE_REQUIRED)))
    @APIResponse(responseCode = "429", description = "`rate-limited` or `quota-exceeded`", headers = @Header(
            name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)), content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "quota-exceeded", value = QUOTA)))
    public Checks.RelationshipAnswer relationship(@Valid @NotNull Checks.RelationshipCheck check) {
        return checks.relationship(caller(), check);
    }

    @POST
    @Path("vital-status-checks")
    @RolesAllowed(Roles.PARTNER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "checkVitalStatus",
            summary = "Is this person recorded as deceased", description = "Needs the scope "
            + "`registry.vital.read` and a purpose granted to the client. Answers whether the register records the person as deceased, "
            + "nothing more: an ID number the register does not know answers `deceased: false` like anyone not "
            + "recorded as deceased, so the check does not tell who is in the register. Recorded as an access to the "
            + "person's data. Counts against the rate limit and daily quota.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Checks.PersonCheck.class),
            examples = @ExampleObject(name = "check", value = PERSON_CHECK)))
    @APIResponse(responseCode = "200", description = "The answer", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Checks.VitalStatusAnswer.class),
            examples = @ExampleObject(name = "alive", value = "{\"deceased\":false}")))
    @APIResponse(responseCode = "400", description = "`validation-failed`: no ID number", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "validation-failed", value = INVALID)))
    @APIResponse(responseCode = "403", description = "`forbidden`: the token lacks the scope; "
            + "`purpose-not-granted`: an admin has not granted the client this purpose", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = { @ExampleObject(name = "forbidden", value = FORBIDDEN),
                            @ExampleObject(name = "purpose-not-granted", value = PURPOSE_NOT_GRANTED) }))
    @APIResponse(responseCode = "422", description = "`purpose-required` or `id-number-invalid`",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "purpose-required", value = PURPOSE_REQUIRED)))
    @APIResponse(responseCode = "429", description = "`rate-limited` or `quota-exceeded`", headers = @Header(
            name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)), content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "quota-exceeded", value = QUOTA)))
    public Checks.VitalStatusAnswer vitalStatus(@Valid @NotNull Checks.PersonCheck check) {
        return checks.vitalStatus(caller(), check);
    }

    private PartnerCaller caller() {
        String scope = jwt.getClaim(Claims.SCOPE);
        Set<String> scopes = scope == null ? Set.of()
                : Arrays.stream(scope.split(" ")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
        return new PartnerCaller(UUID.fromString(jwt.getSubject()), scopes);
    }
}
