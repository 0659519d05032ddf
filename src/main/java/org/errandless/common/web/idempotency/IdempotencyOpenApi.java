package org.errandless.common.web.idempotency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents {@link Idempotent} operations in the published spec. The annotation leaves the extension {@value #MARKER}
 * on them and their responses (an OpenAPI filter cannot see Java annotations); this replaces it with what a client
 * needs: the optional {@code Idempotency-Key} header (a shared component parameter), the 409 and 422 answers, and
 * the {@code Idempotent-Replayed} header on success responses; {@link SecretAnswer} ({@value #SECRET_MARKER}) adds
 * the retry window. Called by the application's spec filter before the
 * shared problem responses are completed.
 */
public final class IdempotencyOpenApi {

    /** The operation extension {@link Idempotent} leaves on an operation. */
    public static final String MARKER = "x-idempotent";
    /** The operation extension {@link SecretAnswer} leaves on an operation. */
    public static final String SECRET_MARKER = "x-idempotent-secret-answer";

    private static final String PARAMETER = "IdempotencyKey";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

    private IdempotencyOpenApi() {
    }

    /** Completes every marked operation of the model and removes the markers. */
    public static void document(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        boolean any = false;
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                if (operation.getExtensions() != null && operation.getExtensions().containsKey(MARKER)) {
                    boolean secret = operation.getExtensions().containsKey(SECRET_MARKER);
                    removeMarkers(operation, MARKER);
                    removeMarkers(operation, SECRET_MARKER);
                    document(operation, secret);
                    any = true;
                } else if (operation.getExtensions() != null) {
                    removeMarkers(operation, SECRET_MARKER);
                }
            }
        }
        if (any) {
            addParameterComponent(openAPI);
        }
    }

    /**
     * An {@code @Extension} on a method is ambiguous, so the scanner puts it on the operation and on its responses
     * as well, and on the request body where there is one; none of those copies belongs in the published spec.
     */
    private static void removeMarkers(Operation operation, String marker) {
        if (operation.getExtensions() != null) {
            operation.removeExtension(marker);
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getExtensions() != null) {
            operation.getRequestBody().removeExtension(marker);
        }
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return;
        }
        if (responses.getExtensions() != null) {
            responses.removeExtension(marker);
        }
        if (responses.getAPIResponses() != null) {
            responses.getAPIResponses().values().forEach(response -> {
                if (response.getExtensions() != null) {
                    response.removeExtension(marker);
                }
            });
        }
    }

    /**
     * Adds the header and the answers. An operation with a secret answer gets the retry window in its description;
     * where it is called with a bearer token (a security requirement), a retry after the window is 409
     * {@code idempotency-answer-forgotten}; a sign-in endpoint (no requirement) runs such a retry afresh.
     */
    private static void document(Operation operation, boolean secret) {
        operation.addParameter(OASFactory.createParameter().ref("#/components/parameters/" + PARAMETER));
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (responses.getAPIResponses() != null) {
            responses.getAPIResponses().forEach((status, response) -> {
                if (status.startsWith("2") && response.getRef() == null) {
                    response.addHeader(Idempotent.REPLAYED_HEADER, OASFactory.createHeader()
                            .description("`true` when this is the stored answer to an earlier request with the "
                                    + "same `Idempotency-Key`, replayed without running it again")
                            .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.BOOLEAN))));
                }
            });
        }
        addProblem(responses, "409", "A request with the same `Idempotency-Key` is still being processed "
                + "(`idempotency-key-in-flight`); retry after `Retry-After` seconds", "idempotency-key-in-flight");
        if (secret) {
            boolean signedIn = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
            String window = "The answer carries tokens or secrets, so a retry with the same `Idempotency-Key` gets it "
                    + "again only within 60 seconds (`errandless.idempotency.secret-retry-window`); then it is "
                    + "deleted, and a retry ";
            operation.setDescription((operation.getDescription() == null ? "" : operation.getDescription() + " ")
                    + window + (signedIn ? "is answered 409 `idempotency-answer-forgotten`."
                            : "runs afresh, presenting its credential again."));
            if (signedIn) {
                addProblem(responses, "409", "the answer held secrets and was forgotten after the retry window "
                        + "(`idempotency-answer-forgotten`)", "idempotency-answer-forgotten");
            }
        }
        addProblem(responses, "422", "The `Idempotency-Key` was already used for a different request "
                + "(`idempotency-key-reused`)", "idempotency-key-reused");
    }

    /** Adds the problem to the status, next to any problem the operation declares there itself. */
    private static void addProblem(APIResponses responses, String status, String description, String code) {
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(status, response);
        } else if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription(description);
        } else {
            response.setDescription(response.getDescription() + "; or: " + description);
        }
        Content content = response.getContent();
        if (content == null) {
            content = OASFactory.createContent();
            response.setContent(content);
        }
        MediaType mediaType = content.getMediaType(PROBLEM_MEDIA_TYPE);
        if (mediaType == null) {
            mediaType = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF));
            content.addMediaType(PROBLEM_MEDIA_TYPE, mediaType);
        }
        // fields in a fixed order (not Map.of, whose order changes from JVM to JVM), so the spec is reproducible
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "urn:errandless:problem:" + code);
        example.put("title", code);
        example.put("status", Integer.parseInt(status));
        example.put("code", code);
        mediaType.addExample(code, OASFactory.createExample().value(example));
    }

    private static void addParameterComponent(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        if (components.getParameters() != null && components.getParameters().containsKey(PARAMETER)) {
            return;
        }
        components.addParameter(PARAMETER, OASFactory.createParameter()
                .name(Idempotent.HEADER)
                .in(Parameter.In.HEADER)
                .required(false)
                .description("Makes a retry safe (IETF draft \"The Idempotency-Key HTTP Header Field\"): a new "
                        + "random value (a UUID) per operation, sent again unchanged with every retry of it. A retry "
                        + "with the same key and the same request gets the first answer again (marked "
                        + "`Idempotent-Replayed: true`) without repeating the operation; the same key with another "
                        + "request is refused (422 `idempotency-key-reused`); a retry while the first is still "
                        + "running gets 409 `idempotency-key-in-flight`. Keys and answers belong to the caller: the "
                        + "token's subject, or on endpoints that authenticate in the request the credential sent "
                        + "(HTTP Basic, client secret or assertion, refresh token, challenge and code); a request that "
                        + "proves no caller runs as if it had no key. Kept 24 hours; answers that carry tokens or "
                        + "secrets only 60 seconds. 1 to 255 printable ASCII characters, bare or as a quoted string.")
                .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).minLength(1)
                        .maxLength(IdempotencyKeys.MAX_LENGTH))
                .example("8e03978e-40d5-43e8-bc93-6894a57f9324"));
    }
}
