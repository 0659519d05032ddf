package org.errandless.common.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue #6 item 2, proven over the published contract: every {@code POST} of the committed spec documents the
 * {@code Idempotency-Key} header (i.e. its method is {@code @Idempotent}), except the few below, each with its
 * reason. {@link OpenApiSpecTest} keeps the committed spec equal to what the code generates, so walking the file is
 * walking the code. A new POST fails here until it is made idempotent or argued onto the list.
 */
class IdempotencyCoverageTest {

    private static final String PARAMETER_REF = "#/components/parameters/IdempotencyKey";

    /** POSTs that deliberately take no {@code Idempotency-Key}, and why. */
    private static final Map<String, String> EXCEPTIONS = Map.of(
            // revoking a family that is already revoked changes nothing, so a plain retry is already safe; and a
            // retry after a lost answer cannot even authenticate (the access token died with its family): its 401
            // means "done"
            "/api/v1/auth/logout", "idempotent by nature; a retry cannot authenticate",
            // proves no caller (anyone may send a phone number), so a stored answer could only go to whoever sends
            // the same phone and key (issue 11 item 1); a retry after a lost answer sends no second SMS anyway:
            // within the phone's 60 s interval it is 429 with Retry-After
            "/api/v1/auth/otp", "proves no caller to replay to; the per-phone interval stops a second SMS",
            // a retry just signs in again (a new token pair; the lost pair's family expires unused). A stored
            // request hash would be an unsalted SHA-256 of a body holding the password, open to offline guessing,
            // and the stored answer would keep live tokens in the database for a day
            "/api/v1/auth/staff/login", "a retry signs in again; storing the request would keep a password hash",
            // verifies a certificate presented whole: reads, changes nothing, answers the same every time; POST only
            // because a JWS is too long for a URL
            "/api/v1/certificates/verify", "a read: nothing changes",
            // partner queries of minimal registry facts: reads (POST keeps ID numbers out of URLs and access logs).
            // Each read is recorded, and a repeated read is a second read and rightly recorded again; a stored
            // answer would keep the registry facts in the idempotency table for a day
            "/api/v1/partner/relationship-checks", "a read; answers would store personal data",
            "/api/v1/partner/residency-checks", "a read; answers would store personal data",
            "/api/v1/partner/vital-status-checks", "a read; answers would store personal data");

    @Test
    void everyPostTakesAnIdempotencyKeyOrIsAnArguedException() throws IOException {
        JsonNode spec = new ObjectMapper().readTree(Path.of("openapi", "openapi.json").toFile());
        List<String> missing = new ArrayList<>();
        TreeSet<String> posts = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode post = path.getValue().get("post");
            if (post == null) {
                continue;
            }
            posts.add(path.getKey());
            boolean documented = false;
            for (JsonNode parameter : post.path("parameters")) {
                documented |= PARAMETER_REF.equals(parameter.path("$ref").asText())
                        || ("header".equals(parameter.path("in").asText())
                                && "Idempotency-Key".equalsIgnoreCase(parameter.path("name").asText()));
            }
            if (!documented && !EXCEPTIONS.containsKey(path.getKey())) {
                missing.add(path.getKey());
            } else if (documented && EXCEPTIONS.containsKey(path.getKey())) {
                missing.add(path.getKey() + " (takes a key now: remove it from the exceptions)");
            }
        }
        assertEquals(List.of(), missing, "POSTs without a documented Idempotency-Key (annotate them @Idempotent)");
        assertTrue(posts.containsAll(EXCEPTIONS.keySet()), "exceptions for POSTs that no longer exist: "
                + EXCEPTIONS.keySet().stream().filter(path -> !posts.contains(path)).toList());
        assertTrue(posts.size() > 20, "only " + posts.size() + " POSTs found: is this the whole spec?");
    }
}
