package org.errandless.applications;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON as applications store it (jsonb) and show it: parsed with object members in name order, because PostgreSQL's
 * jsonb reorders members, and the representation (and its ETag) must not depend on where the JSON came from.
 */
final class StoredJson {

    private StoredJson() {
    }

    /** Parses stored JSON, members in name order. */
    static JsonNode tree(ObjectMapper json, String text) {
        try {
            return sorted(json, json.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }

    /** The JSON text of a tree. */
    static String text(ObjectMapper json, JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same tree with object members in name order, at every depth. */
    static JsonNode sorted(ObjectMapper json, JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode sorted = json.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(Comparator.naturalOrder());
            for (String name : names) {
                sorted.set(name, sorted(json, node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = json.createArrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                array.add(sorted(json, it.next()));
            }
            return array;
        }
        return node;
    }
}
