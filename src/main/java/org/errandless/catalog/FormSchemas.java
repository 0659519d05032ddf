package org.errandless.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a stored form schema into a readable key order before it is served. PostgreSQL's {@code jsonb} keeps no key
 * order (it sorts keys by length), while people and form renderers read a schema top-down and many renderers lay out
 * fields in the order of {@code properties}: so keywords come in the customary order, and fields in the order of
 * {@code required} followed by the optional ones. Only order changes, never content, so validation is unaffected and
 * the ETag stays deterministic.
 */
final class FormSchemas {

    private static final List<String> KEYWORD_ORDER = List.of("$schema", "$id", "title", "description", "type",
            "format", "enum", "const", "default", "minLength", "maxLength", "pattern", "minimum", "maximum",
            "properties", "required", "additionalProperties", "examples");

    private FormSchemas() {
    }

    /** The schema with its keys in reading order; null stays null. */
    static Map<String, Object> presentable(Map<String, Object> schema) {
        if (schema == null) {
            return null;
        }
        List<String> fieldOrder = fieldOrder(schema);
        return ordered(schema, fieldOrder);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ordered(Map<String, Object> schema, List<String> fieldOrder) {
        Map<String, Object> result = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(schema.keySet());
        keys.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        for (String key : keys) {
            Object value = schema.get(key);
            if (key.equals("properties") && value instanceof Map<?, ?> properties) {
                Map<String, Object> fields = inFieldOrder((Map<String, Object>) properties, fieldOrder);
                fields.replaceAll((name, field) -> field instanceof Map<?, ?> fieldSchema
                        ? ordered((Map<String, Object>) fieldSchema, List.of()) : field);
                value = fields;
            } else if (key.equals("examples") && value instanceof List<?> examples) {
                value = examples.stream().map(example -> example instanceof Map<?, ?> form
                        ? inFieldOrder((Map<String, Object>) form, fieldOrder) : example).toList();
            }
            result.put(key, value);
        }
        return result;
    }

    /**
     * The schema unmodifiable all the way down, in the same order: the catalogue hands one instance to every reader.
     * Null stays null.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> frozen(Map<String, Object> schema) {
        return schema == null ? null : (Map<String, Object>) freeze(schema);
    }

    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, member) -> copy.put(key, freeze(member)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(member -> copy.add(freeze(member)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** {@code required} first, in its (array, hence kept) order, then the other properties. */
    private static List<String> fieldOrder(Map<String, Object> schema) {
        List<String> order = new ArrayList<>();
        if (schema.get("required") instanceof List<?> required) {
            required.forEach(name -> order.add(String.valueOf(name)));
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.keySet().stream().map(String::valueOf).filter(name -> !order.contains(name))
                    .forEach(order::add);
        }
        return order;
    }

    private static Map<String, Object> inFieldOrder(Map<String, Object> fields, List<String> order) {
        Map<String, Object> result = new LinkedHashMap<>();
        order.stream().filter(fields::containsKey).forEach(name -> result.put(name, fields.get(name)));
        fields.forEach(result::putIfAbsent);
        return result;
    }

    private static int rank(String keyword) {
        int index = KEYWORD_ORDER.indexOf(keyword);
        return index < 0 ? KEYWORD_ORDER.size() : index;
    }
}
