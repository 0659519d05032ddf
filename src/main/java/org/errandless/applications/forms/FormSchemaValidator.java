package org.errandless.applications.forms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import org.errandless.common.problem.Problem;

/**
 * Checks a form against a service's published JSON Schema (draft 2020-12) with networknt's validator and turns each
 * error into a problem a citizen can act on: one per field, named by the field (a missing field by its own name, not
 * the object's pointer), a reason in plain words and a stable code.
 *
 * <p>networknt 3.x works on Jackson 3 trees, the application on Jackson 2 ones: schema and form cross over as JSON
 * text, which for forms of a few hundred bytes costs nothing worth a bridge. Formats ({@code date}, {@code uuid}) are
 * assertions here (2020-12 makes them annotations by default), and no {@code $ref} is fetched from the network.
 */
final class FormSchemaValidator {

    /** The name of a problem with the form as a whole (not an object at all). */
    static final String FORM = "form";

    private static final int MAX_CACHED_SCHEMAS = 64;

    private final ObjectMapper json;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_POINTER).build())
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)));
    /** Compiled schemas by their JSON text: an admin's change of a schema is a new key, never a stale hit. */
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    /** The same by the schema instance the catalogue handed out (an unchanged catalogue hands out the same one). */
    private final Map<Instance, Schema> byInstance = new ConcurrentHashMap<>();

    FormSchemaValidator(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The problems of {@code form} under {@code schema}, at most one per field, in the order of the schema's
     * {@code properties} (unknown fields last). A null or missing form is checked as an empty object.
     */
    List<Problem.InvalidParam> validate(Map<String, Object> schema, JsonNode form) {
        String formText = form == null || form.isNull() || form.isMissingNode() ? "{}" : form.toString();
        List<Error> errors = compile(schema).validate(formText, InputFormat.JSON);
        Map<String, Problem.InvalidParam> byField = new LinkedHashMap<>();
        Object properties = schema.get("properties");
        if (properties instanceof Map<?, ?> declared) {
            declared.keySet().forEach(name -> byField.put(String.valueOf(name), null));
        }
        for (Error error : errors) {
            Problem.InvalidParam problem = problem(error, schema);
            Problem.InvalidParam earlier = byField.get(problem.name());
            if (earlier == null) {
                byField.put(problem.name(), problem);
            }
        }
        return byField.values().stream().filter(problem -> problem != null).collect(Collectors.toList());
    }

    private Schema compile(Map<String, Object> schema) {
        // the catalogue hands out one schema instance per version of a service: found by identity, no writing
        Schema known = byInstance.get(new Instance(schema));
        if (known != null) {
            return known;
        }
        String text;
        try {
            text = json.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A form schema of the catalogue cannot be written as JSON", e);
        }
        Schema found = compiled.get(text);
        if (found == null) {
            if (compiled.size() >= MAX_CACHED_SCHEMAS) {
                compiled.clear();
            }
            found = compiled.computeIfAbsent(text, key -> registry.getSchema(key, InputFormat.JSON));
        }
        if (byInstance.size() >= MAX_CACHED_SCHEMAS) {
            byInstance.clear();
        }
        byInstance.put(new Instance(schema), found);
        return found;
    }

    /** A schema map by identity: its contents are compared once, through its text, when first seen. */
    private record Instance(Map<String, Object> schema) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Instance instance && instance.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }

    private static Problem.InvalidParam problem(Error error, Map<String, Object> schema) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        String field = fieldOf(error);
        switch (keyword) {
            case "required":
                return new Problem.InvalidParam(error.getProperty(), "is required", "required");
            case "additionalProperties":
            case "unevaluatedProperties":
                return new Problem.InvalidParam(error.getProperty() != null ? error.getProperty() : field,
                        "is not a field of this form", "unknown-field");
            default:
                break;
        }
        if (field == null) {
            return new Problem.InvalidParam(FORM, "must be a JSON object of the service's form fields", "invalid");
        }
        Map<?, ?> fieldSchema = fieldSchema(schema, field);
        switch (keyword) {
            case "type":
                return new Problem.InvalidParam(field, "must be " + article(String.valueOf(fieldSchema.get("type"))),
                        "invalid");
            case "minLength":
                return new Problem.InvalidParam(field, "must not be empty", "required");
            case "maxLength":
                return new Problem.InvalidParam(field, "is longer than " + fieldSchema.get("maxLength")
                        + " characters", "too-long");
            case "enum":
                return new Problem.InvalidParam(field, "must be one of " + enumText(fieldSchema.get("enum")),
                        "invalid");
            case "format":
                return new Problem.InvalidParam(field, formatText(String.valueOf(fieldSchema.get("format"))),
                        "invalid");
            case "pattern":
                return new Problem.InvalidParam(field, "is blank or contains characters that are not allowed",
                        "invalid");
            case "minimum":
            case "maximum":
            case "exclusiveMinimum":
            case "exclusiveMaximum":
                return new Problem.InvalidParam(field, "is out of the allowed range", "out-of-range");
            default:
                return new Problem.InvalidParam(field, "is not valid", "invalid");
        }
    }

    /** The top-level field an error is about; null for the form itself. */
    private static String fieldOf(Error error) {
        if (error.getInstanceLocation() == null || error.getInstanceLocation().getNameCount() == 0) {
            return null;
        }
        return error.getInstanceLocation().getName(0);
    }

    private static Map<?, ?> fieldSchema(Map<String, Object> schema, String field) {
        if (schema.get("properties") instanceof Map<?, ?> properties
                && properties.get(field) instanceof Map<?, ?> fieldSchema) {
            return fieldSchema;
        }
        return Map.of();
    }

    private static String article(String type) {
        return switch (type) {
            case "string" -> "a text";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "array" -> "a list";
            case "object" -> "an object";
            default -> "of type " + type;
        };
    }

    private static String formatText(String format) {
        return switch (format) {
            case "date" -> "must be a date written YYYY-MM-DD";
            case "uuid" -> "must be a register id (a UUID)";
            default -> "is not a valid " + format;
        };
    }

    private static String enumText(Object values) {
        if (values instanceof List<?> list) {
            List<String> shown = new ArrayList<>();
            list.stream().limit(8).forEach(value -> shown.add(String.valueOf(value)));
            return String.join(", ", shown) + (list.size() > 8 ? ", …" : "");
        }
        return "the listed values";
    }
}
