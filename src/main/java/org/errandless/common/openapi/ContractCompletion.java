package org.errandless.common.openapi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * The parts of the contract a generated client needs that are the same for every operation, so that an operation
 * added later gets them without anybody remembering: tags in the order of the README's API table; {@code If-Match}
 * required (the server answers 428 without it); a {@code required} list on every response schema that has none
 * (every property that is not nullable is always present); the server-sent-event shape of {@code text/event-stream}
 * answers; and, from {@link ProblemResponsesFilter}, the content-negotiation problems the framework answers for every
 * operation (406, 413, 415).
 */
final class ContractCompletion {

    /**
     * The operation extension naming the component schema of the {@code data} of each server-sent event of an
     * operation that answers {@code text/event-stream} (e.g. {@code @Extension(name = SSE_DATA, value =
     * "TimelineEvent")}); replaced by the {@code x-itemSchema} of the media type (the keyword OpenAPI 3.2 names
     * {@code itemSchema}) pointing at a component {@code <data>Message} with the event's fields.
     */
    static final String SSE_DATA = "x-sse-data";

    /** Tag order: the README's API table. Tags not listed here follow in alphabetical order. */
    private static final List<String> TAG_ORDER = List.of("Catalogue", "Calendar", "Authentication", "Me",
            "Documents", "Uploads", "Applications", "Appointments", "Certificates", "Evaluations", "Supervision", "Partners",
            "Administration");

    private static final String SCHEMAS = "#/components/schemas/";
    private static final String TUS_RESUMABLE = "Tus-Resumable";

    private ContractCompletion() {
    }

    static void orderTags(OpenAPI openAPI) {
        if (openAPI.getTags() == null) {
            return;
        }
        List<Tag> tags = new ArrayList<>(openAPI.getTags());
        tags.sort(Comparator.comparing((Tag tag) -> {
            int index = TAG_ORDER.indexOf(tag.getName());
            return index < 0 ? TAG_ORDER.size() : index;
        }).thenComparing(Tag::getName));
        openAPI.setTags(tags);
    }

    /**
     * The tus operations send {@code Tus-Resumable} on every answer, errors included (tus 1.0.0, "Tus-Resumable"):
     * an operation that declares it on one response declares it on all of them.
     */
    static void tusResumableOnEveryAnswer(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        Collection<APIResponse> answers = operation.getResponses().getAPIResponses().values();
        Header tus = answers.stream().filter(answer -> answer.getHeaders() != null)
                .map(answer -> answer.getHeaders().get(TUS_RESUMABLE)).filter(header -> header != null)
                .findFirst().orElse(null);
        if (tus == null) {
            return;
        }
        for (APIResponse answer : answers) {
            boolean declared = answer.getHeaders() != null && answer.getHeaders().containsKey(TUS_RESUMABLE);
            if (answer.getRef() == null && !declared) {
                answer.addHeader(TUS_RESUMABLE, tus);
            }
        }
    }

    /** Every operation that reads {@code If-Match} refuses to run without it (428 {@code precondition-required}). */
    static void requireIfMatch(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            if (parameter.getIn() == Parameter.In.HEADER && "If-Match".equalsIgnoreCase(parameter.getName())) {
                parameter.setRequired(true);
            }
        }
    }

    /**
     * The width of the integers that annotations declare by hand ({@code @Schema(type = INTEGER)} on a text
     * parameter or a header): every integer query, path or header parameter is read with
     * {@code Integer.parseInt} (a larger number is a 400), so int32 with at most {@link Integer#MAX_VALUE}; every
     * integer response header ({@code Retry-After}, the tus offsets and sizes) is written from a {@code long}, so
     * int64. A declared format or maximum stays.
     */
    static void integerWidths(Operation operation) {
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                Schema schema = parameter.getSchema();
                if (isUndeclaredInteger(schema)) {
                    schema.setFormat("int32");
                }
                if (isInteger(schema) && schema.getMaximum() == null && schema.getExclusiveMaximum() == null) {
                    schema.setMaximum(java.math.BigDecimal.valueOf(Integer.MAX_VALUE));
                }
            }
        }
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
                if (response.getHeaders() != null) {
                    response.getHeaders().values().stream().map(h -> h.getSchema())
                            .filter(ContractCompletion::isUndeclaredInteger).forEach(s -> s.setFormat("int64"));
                }
            }
        }
    }

    private static boolean isInteger(Schema schema) {
        return schema != null && schema.getType() != null && schema.getType().contains(Schema.SchemaType.INTEGER);
    }

    private static boolean isUndeclaredInteger(Schema schema) {
        return isInteger(schema) && schema.getFormat() == null;
    }

    /** Whether a 2xx answer of the operation has a body whose media type the client must accept. */
    static boolean producesContent(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null || responses.getAPIResponses() == null) {
            return false;
        }
        return responses.getAPIResponses().entrySet().stream()
                .anyMatch(entry -> entry.getKey().startsWith("2") && entry.getValue().getContent() != null
                        && entry.getValue().getContent().getMediaTypes() != null
                        && !entry.getValue().getContent().getMediaTypes().isEmpty());
    }

    /**
     * Replaces the {@link #SSE_DATA} marker of an operation by the event shape of its {@code text/event-stream}
     * answer. An {@code @Extension} on a method is copied to the responses and the request body as well; those
     * copies go too.
     */
    static void documentEventStream(OpenAPI openAPI, Operation operation) {
        Object data = operation.getExtensions() == null ? null : operation.getExtensions().get(SSE_DATA);
        operation.removeExtension(SSE_DATA);
        if (operation.getRequestBody() != null) {
            operation.getRequestBody().removeExtension(SSE_DATA);
        }
        if (operation.getResponses() != null) {
            operation.getResponses().removeExtension(SSE_DATA);
            if (operation.getResponses().getAPIResponses() != null) {
                operation.getResponses().getAPIResponses().values().forEach(r -> r.removeExtension(SSE_DATA));
            }
        }
        if (data == null || operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        String dataSchema = data.toString();
        String message = dataSchema + "Message";
        components(openAPI).addSchema(message, OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("One server-sent event of the `text/event-stream` answer (WHATWG HTML, \"Server-sent "
                        + "events\"): the fields of the event, one `name: value` line each, events separated by a "
                        + "blank line. Lines starting with `:` are comments (keep-alives) and carry no event.")
                .addProperty("id", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .description("The event's sequence number; an `EventSource` sends the last one back as "
                                + "`Last-Event-ID` when it reconnects"))
                .addProperty("event", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .description("The event type"))
                .addProperty("data", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .contentMediaType("application/json")
                        .contentSchema(OASFactory.createSchema().ref(SCHEMAS + dataSchema))
                        .description("The event as one line of JSON: a `" + dataSchema + "`"))
                .required(List.of("id", "event", "data")));
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (!status.startsWith("2") || response.getContent() == null) {
                return;
            }
            MediaType stream = response.getContent().getMediaType("text/event-stream");
            if (stream != null) {
                stream.addExtension("x-itemSchema", Map.of("$ref", SCHEMAS + message));
            }
        });
    }

    /**
     * Gives every object schema that only answers carry (never a request) and that declares no {@code required}
     * list one: each property that is not nullable. Answers are serialised with every property, null or not, so a
     * property that may be missing must say so: by a nullable type, or by an explicit {@code required} list on the
     * record ({@code @Schema(requiredProperties = ...)}) that leaves it out. The spec-validation of every test
     * answer checks that this is true.
     */
    static void requireResponseProperties(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents() == null ? null : openAPI.getComponents().getSchemas();
        if (schemas == null || openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        List<Schema> responseRoots = new ArrayList<>();
        List<Schema> requestRoots = new ArrayList<>();
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                if (operation.getRequestBody() != null) {
                    collectContent(operation.getRequestBody().getContent(), requestRoots);
                }
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(p -> {
                        if (p.getSchema() != null) {
                            requestRoots.add(p.getSchema());
                        }
                    });
                }
                if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
                    for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
                        collectContent(response.getContent(), responseRoots);
                    }
                }
            }
        }
        Set<String> inResponses = reachable(responseRoots, schemas);
        Set<String> inRequests = reachable(requestRoots, schemas);
        for (String name : inResponses) {
            if (!inRequests.contains(name)) {
                requireNonNullable(schemas.get(name));
            }
        }
    }

    private static void requireNonNullable(Schema schema) {
        if (schema == null || schema.getRef() != null || schema.getProperties() == null
                || schema.getProperties().isEmpty()) {
            return;
        }
        if (schema.getRequired() == null || schema.getRequired().isEmpty()) {
            List<String> required = new ArrayList<>();
            schema.getProperties().forEach((name, property) -> {
                if (!nullable(property)) {
                    required.add(name);
                }
            });
            if (!required.isEmpty()) {
                schema.setRequired(required);
            }
        }
        // inline objects inside the schema get the same treatment
        schema.getProperties().values().forEach(property -> {
            requireNonNullable(property);
            if (property.getItems() != null) {
                requireNonNullable(property.getItems());
            }
        });
    }

    private static boolean nullable(Schema schema) {
        if (schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL)) {
            return true;
        }
        for (List<Schema> alternatives : Arrays.asList(schema.getAnyOf(), schema.getOneOf())) {
            if (alternatives != null && alternatives.stream().anyMatch(ContractCompletion::nullable)) {
                return true;
            }
        }
        return false;
    }

    private static void collectContent(Content content, List<Schema> roots) {
        if (content == null || content.getMediaTypes() == null) {
            return;
        }
        for (MediaType mediaType : content.getMediaTypes().values()) {
            if (mediaType.getSchema() != null) {
                roots.add(mediaType.getSchema());
            }
        }
    }

    /** The names of the component schemas the roots refer to, directly or through other schemas. */
    private static Set<String> reachable(List<Schema> roots, Map<String, Schema> components) {
        Set<String> names = new HashSet<>();
        Deque<Schema> work = new ArrayDeque<>(roots);
        Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!work.isEmpty()) {
            Schema schema = work.pop();
            if (schema == null || !seen.add(schema)) {
                continue;
            }
            if (schema.getRef() != null && schema.getRef().startsWith(SCHEMAS)) {
                String name = schema.getRef().substring(SCHEMAS.length());
                if (names.add(name) && components.get(name) != null) {
                    work.push(components.get(name));
                }
            }
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(work::push);
            }
            pushAll(work, schema.getItems());
            pushAll(work, schema.getAdditionalPropertiesSchema());
            for (List<Schema> list : Arrays.asList(schema.getAllOf(), schema.getAnyOf(),
                    schema.getOneOf())) {
                if (list != null) {
                    list.forEach(work::push);
                }
            }
        }
        return names;
    }

    private static void pushAll(Deque<Schema> work, Schema schema) {
        if (schema != null) {
            work.push(schema);
        }
    }

    private static Components components(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        return openAPI.getComponents();
    }

    /** The extension that carries an example's text verbatim: see {@link #textExamples}. */
    static final String TEXT_EXAMPLE = "x-text-example";

    /**
     * Examples of text bodies (JSON Lines, CSV) given verbatim. An {@code @ExampleObject} value that starts like JSON
     * is parsed as JSON (and of JSON Lines only the first line is kept), so such an example carries its text in the
     * extension {@value #TEXT_EXAMPLE} ({@code @Extension(..., parseValue = false)}), which becomes its value here.
     */
    static void textExamples(Operation operation) {
        List<Content> contents = new ArrayList<>();
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            contents.add(operation.getRequestBody().getContent());
        }
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation.getResponses().getAPIResponses().values().stream().map(APIResponse::getContent)
                    .filter(content -> content != null).forEach(contents::add);
        }
        for (Content content : contents) {
            if (content.getMediaTypes() == null) {
                continue;
            }
            for (MediaType mediaType : content.getMediaTypes().values()) {
                if (mediaType.getExamples() == null) {
                    continue;
                }
                mediaType.getExamples().values().forEach(example -> {
                    Object text = example.getExtensions() == null ? null : example.getExtensions().get(TEXT_EXAMPLE);
                    if (text instanceof String verbatim) {
                        example.setValue(verbatim);
                        example.removeExtension(TEXT_EXAMPLE);
                    }
                });
            }
        }
    }

    /**
     * A nullable reference with a description of its own comes out of the scanner as {@code type: object} beside
     * {@code anyOf: [$ref, {type: "null"}]}, and the outer type then refuses the null the {@code anyOf} allows (an
     * example with {@code null} there fails validation): the outer type goes, the {@code anyOf} says it all.
     */
    static void nullableReferences(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema schema : openAPI.getComponents().getSchemas().values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            for (Schema property : schema.getProperties().values()) {
                boolean nullInAnyOf = property.getAnyOf() != null && property.getAnyOf().stream()
                        .anyMatch(option -> option.getType() != null
                                && option.getType().equals(List.of(Schema.SchemaType.NULL)));
                if (nullInAnyOf && property.getType() != null
                        && !property.getType().contains(Schema.SchemaType.NULL)) {
                    property.setType(null);
                }
            }
        }
    }
}
