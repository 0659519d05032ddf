package org.errandless.common.openapi;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.errandless.support.openapi.PublishedContract;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * What a generated client needs from the committed spec (which {@link OpenApiSpecTest} keeps equal to the code), for
 * every operation, including ones added after this test was written: a stable method name, a tag, named models, the
 * headers and errors the server really uses. Each test lists every offender, not just the first.
 */
class OpenApiContractTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch");

    /**
     * Verbs an operationId may start with. A new operation whose verb is missing here: add the verb if it is one
     * (the id must read "verb noun": {@code listOfficerQueue}, not {@code officerQueue}).
     */
    private static final Set<String> VERBS = Set.of("accept", "add", "append", "approve", "assign", "attach", "book",
            "calculate", "cancel", "check", "complete", "confirm", "create", "delete", "disable", "download",
            "enable", "enroll", "export", "get", "give", "grant", "import", "issue", "list", "login", "publish", "record",
            "refresh", "register", "reject", "remove", "replace", "request", "reschedule", "reset", "resume", "revoke", "rotate",
            "search", "send", "start", "stream", "submit", "suspend", "terminate", "update", "upload", "verify",
            "withdraw");

    private final JsonNode spec = PublishedContract.get().spec();

    @Test
    void everyOperationHasAUniqueVerbNounOperationId() {
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        operations((where, operation) -> {
            String id = operation.path("operationId").asString("");
            if (id.isEmpty()) {
                problems.add(where + ": no operationId (@Operation(operationId = \"verbNoun\"))");
                return;
            }
            if (!id.matches("[a-z]+(?:[A-Z][a-z0-9]*)+")) {
                problems.add(where + ": operationId '" + id + "' is not camelCase verb + noun");
            } else if (!VERBS.contains(id.replaceAll("[A-Z].*", ""))) {
                problems.add(where + ": operationId '" + id + "' does not start with a known verb (OpenApiContractTest.VERBS)");
            }
            String earlier = seen.putIfAbsent(id, where);
            if (earlier != null) {
                problems.add(where + ": operationId '" + id + "' is already used by " + earlier);
            }
        });
        assertNone(problems);
    }

    @Test
    void everyOperationHasOneDeclaredAndDescribedTag() {
        Set<String> described = new java.util.HashSet<>();
        spec.path("tags").forEach(tag -> {
            if (!tag.path("description").asString("").isBlank()) {
                described.add(tag.path("name").asString());
            }
        });
        List<String> problems = new ArrayList<>();
        operations((where, operation) -> {
            JsonNode tags = operation.path("tags");
            if (tags.size() != 1) {
                problems.add(where + ": " + tags.size() + " tags, expected exactly one");
            } else if (!described.contains(tags.get(0).asString())) {
                problems.add(where + ": tag '" + tags.get(0).asString() + "' has no description (@Tag(description))");
            }
        });
        assertNone(problems);
    }

    /**
     * Generators name an inline object after its place ({@code ApiV1ServicesGet200Response}); every answer body and
     * every JSON request body is a named schema (or a list of one), so the generated model has a name a developer
     * would choose. Form and multipart request bodies stay inline: generators turn their fields into parameters. A
     * JSON Merge Patch body is a free-form object (any subset of the resource), which generators render as a map.
     */
    @Test
    void everyBodyObjectIsANamedSchema() {
        List<String> problems = new ArrayList<>();
        operations((where, operation) -> {
            bodies(operation).forEach((place, schema) -> {
                boolean response = place.startsWith("response");
                String mediaType = place.substring(place.lastIndexOf(' ') + 1);
                if (!response && !(mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
                    return;
                }
                JsonNode target = schema.path("type").asString("").equals("array") ? schema.path("items") : schema;
                boolean modelled = target.has("properties") || target.has("allOf") || target.has("oneOf")
                        || target.has("anyOf");
                boolean freeForm = !modelled && target.path("type").asString("").equals("object");
                boolean inlineObject = !target.has("$ref") && (modelled || (response && freeForm));
                if (inlineObject) {
                    problems.add(where + " " + place + ": inline object schema; name it (a record with @Schema(name))");
                }
            });
        });
        assertNone(problems);
    }

    /** Every property that is always in an answer is required, so generated models need no null checks. */
    @Test
    void everyAnswerSchemaSaysWhatIsRequired() {
        List<String> problems = new ArrayList<>();
        spec.path("components").path("schemas").properties().forEach(entry -> {
            JsonNode schema = entry.getValue();
            if (schema.has("properties") && !schema.path("properties").isEmpty() && !schema.has("required")
                    && !allNullable(schema) && usedInAnswers(entry.getKey()) && !usedInRequests(entry.getKey())) {
                problems.add(entry.getKey() + ": no required list");
            }
        });
        assertNone(problems);
    }

    @Test
    void ifMatchIsRequiredWhereverItIsTaken() {
        List<String> problems = new ArrayList<>();
        operations((where, operation) -> operation.path("parameters").forEach(parameter -> {
            if ("If-Match".equalsIgnoreCase(parameter.path("name").asString(""))
                    && !parameter.path("required").asBoolean(false)) {
                problems.add(where + ": If-Match is optional, but the server answers 428 without it");
            }
        }));
        assertNone(problems);
    }

    /** Content negotiation and the body limit answer before any code of an operation runs, so every one can. */
    @Test
    void contentNegotiationAndBodyLimitsAreDocumented() {
        List<String> problems = new ArrayList<>();
        operations((where, operation) -> {
            JsonNode responses = operation.path("responses");
            boolean answersBody = false;
            for (var entry : responses.properties()) {
                if (entry.getKey().startsWith("2") && !entry.getValue().path("content").isEmpty()) {
                    answersBody = true;
                }
            }
            if (answersBody && !responses.has("406")) {
                problems.add(where + ": no 406");
            }
            if (operation.has("requestBody") && !(responses.has("413") && responses.has("415"))) {
                problems.add(where + ": takes a body, but 413 or 415 is missing");
            }
        });
        assertNone(problems);
    }

    /** Fails with one line per offender, so a new operation that lacks something is named with what it lacks. */
    private static void assertNone(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " offender(s) in openapi/openapi.json (regenerate it after fixing the code: "
                    + "OpenApiSpecTest with -Derrandless.openapi.update=true):\n  - "
                    + String.join("\n  - ", problems.stream().sorted().toList()));
        }
    }

    /** A schema whose every property may be null has nothing to promise (e.g. {@code Decision}). */
    private static boolean allNullable(JsonNode schema) {
        for (var property : schema.path("properties").properties()) {
            JsonNode type = property.getValue().path("type");
            boolean nullable = false;
            for (JsonNode t : type) {
                nullable |= "null".equals(t.asString(""));
            }
            for (JsonNode alternative : property.getValue().path("anyOf")) {
                nullable |= "null".equals(alternative.path("type").asString(""));
            }
            for (JsonNode alternative : property.getValue().path("oneOf")) {
                nullable |= "null".equals(alternative.path("type").asString(""));
            }
            if (!nullable) {
                return false;
            }
        }
        return true;
    }

    private boolean usedInAnswers(String schema) {
        List<JsonNode> roots = new ArrayList<>();
        operations((where, operation) -> roots.add(operation.path("responses")));
        return reachable(roots).contains(schema);
    }

    private boolean usedInRequests(String schema) {
        List<JsonNode> roots = new ArrayList<>();
        operations((where, operation) -> roots.add(operation.path("requestBody")));
        return reachable(roots).contains(schema);
    }

    /** The component schemas the nodes refer to, directly or through other component schemas. */
    private Set<String> reachable(List<JsonNode> roots) {
        Set<String> names = new java.util.HashSet<>();
        java.util.Deque<JsonNode> work = new java.util.ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            JsonNode node = work.pop();
            if (node.isObject() && node.has("$ref")) {
                String ref = node.path("$ref").asString("");
                String name = ref.substring(ref.lastIndexOf('/') + 1);
                if (ref.startsWith("#/components/schemas/") && names.add(name)) {
                    work.push(spec.path("components").path("schemas").path(name));
                }
            }
            node.forEach(work::push);
        }
        return names;
    }

    private static Map<String, JsonNode> bodies(JsonNode operation) {
        Map<String, JsonNode> bodies = new HashMap<>();
        operation.path("requestBody").path("content").properties()
                .forEach(media -> bodies.put("request " + media.getKey(), media.getValue().path("schema")));
        operation.path("responses").properties().forEach(response -> response.getValue().path("content")
                .properties().forEach(media -> bodies.put("response " + response.getKey() + " " + media.getKey(),
                        media.getValue().path("schema"))));
        return bodies;
    }

    private void operations(BiConsumer<String, JsonNode> action) {
        spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (METHODS.contains(method.getKey())) {
                action.accept(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue());
            }
        }));
    }
}
