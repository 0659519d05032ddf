package org.errandless.common.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
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
import org.errandless.common.security.SecondFactor;
import org.errandless.common.security.SecondFactorPolicy;
import org.errandless.common.web.deprecation.ApiDeprecations;
import org.errandless.common.web.deprecation.DeprecationOpenApi;
import org.errandless.common.web.idempotency.IdempotencyOpenApi;

/**
 * Completes every operation of the published spec with the error responses the whole API shares, so a client
 * generated from it knows the problem+json shape of each: 400 where the operation takes input, 401 and 403 where it
 * needs a token, 412 and 428 where it takes {@code If-Match}, 406 where it answers a body, 413 and 415 where it takes
 * one, and 500 and 503 (with {@code Retry-After}) everywhere; then the rest of the shared contract
 * ({@link ContractCompletion}: tags, required {@code If-Match}, required response properties, event streams).
 * Error responses a resource declares itself keep
 * their own description; any error response without content gets the problem+json content. Operations marked
 * {@code @Idempotent} get the {@code Idempotency-Key} header and its answers ({@link IdempotencyOpenApi}); deprecated
 * operations their {@code Deprecation} and {@code Sunset} headers ({@link DeprecationOpenApi}).
 */
public class ProblemResponsesFilter implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        ensureProblemSchema(openAPI);
        // first, so the header parameter counts as input (400) and the idempotency problems keep their examples
        IdempotencyOpenApi.document(openAPI);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                ContractCompletion.requireIfMatch(entry.getValue());
                ContractCompletion.documentEventStream(openAPI, entry.getValue());
                ContractCompletion.textExamples(entry.getValue());
                complete(entry.getValue(), item);
                ContractCompletion.tusResumableOnEveryAnswer(entry.getValue());
                ContractCompletion.integerWidths(entry.getValue());
            }
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                if (SecondFactorPolicy.requires(entry.getKey().name(), path.getKey())) {
                    documentSecondFactor(entry.getValue());
                }
            }
        }
        ContractCompletion.requireResponseProperties(openAPI);
        ContractCompletion.nullableReferences(openAPI);
        ContractCompletion.orderTags(openAPI);
        DeprecationOpenApi.document(openAPI, ApiDeprecations.PUBLISHED);
    }

    private void complete(Operation operation, PathItem item) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty())
                || (item.getParameters() != null && !item.getParameters().isEmpty());
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        if (takesInput) {
            addIfMissing(responses, "400", "Invalid input (`validation-failed`, `malformed-request`)", "validation-failed");
        }
        if (secured) {
            addIfMissing(responses, "401", "Missing, invalid, expired or revoked token (`unauthorized`)", "unauthorized");
            addIfMissing(responses, "403", "The caller's role does not allow this (`forbidden`)", "forbidden");
        }
        // the framework's content negotiation, before any code of the operation runs
        if (ContractCompletion.producesContent(operation)) {
            addIfMissing(responses, "406", "`Accept` excludes every media type this operation answers "
                    + "(`not-acceptable`)", "not-acceptable");
        }
        if (operation.getRequestBody() != null) {
            addIfMissing(responses, "413", "The body is larger than this operation takes: 1 MiB for JSON "
                    + "(`payload-too-large`)", "payload-too-large");
            addIfMissing(responses, "415", "`Content-Type` is not one this operation takes "
                    + "(`unsupported-media-type`)", "unsupported-media-type");
        }
        if (takesIfMatch(operation)) {
            addIfMissing(responses, "412", "The resource changed since the caller read it, or another change won a "
                    + "race (`stale`)", "stale");
            addIfMissing(responses, "428", "No `If-Match` header (`precondition-required`)", "precondition-required");
        }
        addIfMissing(responses, "500", "Unexpected error (`internal-error`) with a correlation id", "internal-error");
        if (!responses.hasAPIResponse("503")) {
            addIfMissing(responses, "503", "The database cannot be reached at the moment, e.g. during a restart "
                    + "(`service-unavailable`): retry after `Retry-After` seconds", "service-unavailable");
            responses.getAPIResponse("503").addHeader("Retry-After", OASFactory.createHeader()
                    .description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))));
        }
        if (responses.getAPIResponses() != null) {
            responses.getAPIResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    if (response.getRef() == null && (response.getContent() == null
                            || response.getContent().getMediaTypes() == null
                            || response.getContent().getMediaTypes().isEmpty())) {
                        response.setContent(problemContent(null, Integer.parseInt(status)));
                    }
                }
                // every 401 problem says how to authenticate (ProblemResponses adds it)
                if (status.equals("401") && response.getRef() == null && (response.getHeaders() == null
                        || !response.getHeaders().containsKey("WWW-Authenticate"))) {
                    response.addHeader("WWW-Authenticate", OASFactory.createHeader()
                            .description("`Bearer`: the scheme to authenticate with")
                            .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))));
                }
            });
        }
    }

    /**
     * Operations that need a staff sign-in with a second factor ({@link SecondFactorPolicy}) also answer 403
     * {@code mfa-required}: the 403 gets that example beside its own and says so.
     */
    private static void documentSecondFactor(Operation operation) {
        APIResponse forbidden = operation.getResponses().getAPIResponse("403");
        if (forbidden == null) {
            return;
        }
        String note = "Or a staff token whose sign-in had no second factor, where one is required (`mfa-required`): "
                + "enrol an authenticator app and sign in again with its code";
        forbidden.setDescription(forbidden.getDescription() == null ? note : forbidden.getDescription() + ". " + note);
        if (forbidden.getContent() == null || forbidden.getContent().getMediaType(PROBLEM_MEDIA_TYPE) == null) {
            forbidden.setContent(problemContent(null, 403));
        }
        MediaType problems = forbidden.getContent().getMediaType(PROBLEM_MEDIA_TYPE);
        if (problems.getExamples() == null || problems.getExamples().isEmpty()) {
            problems.addExample("forbidden", OASFactory.createExample().value(example("forbidden", 403)));
        }
        problems.addExample(SecondFactor.REQUIRED_CODE,
                OASFactory.createExample().value(example(SecondFactor.REQUIRED_CODE, 403)));
    }

    /** Operations with an {@code If-Match} header are conditional writes: 412 when stale, 428 without it. */
    private static boolean takesIfMatch(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> parameter.getIn() == Parameter.In.HEADER
                        && "If-Match".equalsIgnoreCase(parameter.getName()));
    }

    private static void addIfMissing(APIResponses responses, String status, String description, String code) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(problemContent(code, Integer.parseInt(status)));
        responses.addAPIResponse(status, response);
    }

    private static Content problemContent(String code, int status) {
        MediaType mediaType = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF));
        if (code != null) {
            mediaType.addExample(code, OASFactory.createExample().value(example(code, status)));
        }
        return OASFactory.createContent().addMediaType(PROBLEM_MEDIA_TYPE, mediaType);
    }

    /** An example problem, its fields in a fixed order: {@code Map.of} iterates differently in every JVM. */
    private static Map<String, Object> example(String code, int status) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "urn:errandless:problem:" + code);
        example.put("title", code);
        example.put("status", status);
        example.put("code", code);
        return example;
    }

    /** The Problem schema comes from the annotated record; this fallback keeps refs valid if nothing references it. */
    private static void ensureProblemSchema(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        if (components.getSchemas() != null && components.getSchemas().containsKey("Problem")) {
            return;
        }
        Schema string = OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING));
        Schema problem = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem detail. `code` is stable and documented in the API contract.")
                .addProperty("type", string).addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .format("int32")
                        .minimum(java.math.BigDecimal.valueOf(400)).maximum(java.math.BigDecimal.valueOf(599)))
                .addProperty("detail", string).addProperty("instance", string).addProperty("code", string)
                .addProperty("correlationId", string)
                .addProperty("invalidParams", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .items(OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                                .addProperty("name", string).addProperty("reason", string)
                                .addProperty("code", string)));
        components.addSchema("Problem", problem);
    }
}
