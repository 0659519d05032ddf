package org.errandless.common.web.deprecation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.errandless.support.openapi.PublishedContract;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The deprecation list and the committed spec agree: every retired {@code operationId} exists and is marked
 * {@code deprecated} there, and no operation is marked deprecated that the list does not retire (the server would not
 * send it {@code Deprecation} and {@code Sunset}).
 */
class PublishedDeprecationsTest {

    @Test
    void theSpecMarksExactlyTheRetiredOperations() {
        Map<String, Boolean> deprecatedById = new HashMap<>();
        for (JsonNode item : PublishedContract.get().spec().path("paths")) {
            for (JsonNode operation : item) {
                if (operation.has("operationId")) {
                    deprecatedById.put(operation.path("operationId").asString(),
                            operation.path("deprecated").asBoolean(false));
                }
            }
        }
        for (String id : ApiDeprecations.PUBLISHED.keySet()) {
            assertTrue(deprecatedById.containsKey(id), "no operation " + id + " in the spec");
        }
        deprecatedById.forEach((id, deprecated) -> assertEquals(ApiDeprecations.PUBLISHED.containsKey(id), deprecated,
                id + ": deprecated in the spec must mean listed in ApiDeprecations.PUBLISHED"));
    }
}
