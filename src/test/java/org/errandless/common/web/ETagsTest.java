package org.errandless.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Strong ETags and the If-None-Match / If-Match comparisons of RFC 9110. */
class ETagsTest {

    @Test
    void strongTagIsTheQuotedBase64UrlSha256() {
        // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
        assertEquals("\"ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0\"", ETags.strong("abc"));
        assertEquals(ETags.strong("abc"), ETags.strong("abc".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(ETags.strong("abc"), ETags.strong("abd"));
        assertTrue(ETags.strong("").matches("\"[A-Za-z0-9_-]{43}\""));
    }

    @Test
    void tagOfABodyIsTheTagOfItsJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> body = Map.of("code", "MOVE_IN");
        assertEquals(ETags.strong(json.writeValueAsBytes(body)), ETags.of(json, body));
    }

    @Test
    void ifNoneMatchMatchesExactTagsListsAndStar() {
        String tag = ETags.strong("representation");
        assertTrue(ETags.notModified(tag, tag));
        assertTrue(ETags.notModified("*", tag));
        assertTrue(ETags.notModified("  * ", tag));
        assertTrue(ETags.notModified("\"other\", " + tag, tag));
        assertTrue(ETags.notModified("\"other\"," + tag + ",\"third\"", tag));
        // If-None-Match compares weakly: W/"x" matches "x"
        assertTrue(ETags.notModified("W/" + tag, tag));
        assertFalse(ETags.notModified("\"other\"", tag));
        assertFalse(ETags.notModified(tag.substring(1, tag.length() - 1), tag));
        assertFalse(ETags.notModified(null, tag));
        assertFalse(ETags.notModified("", tag));
        assertFalse(ETags.notModified("garbage, \"unterminated", tag));
    }

    @Test
    void ifMatchComparesStrongly() {
        String tag = ETags.strong("representation");
        assertTrue(ETags.ifMatchSatisfied(tag, tag));
        assertTrue(ETags.ifMatchSatisfied("\"a\", " + tag, tag));
        assertTrue(ETags.ifMatchSatisfied("*", tag));
        assertFalse(ETags.ifMatchSatisfied("W/" + tag, tag));
        assertFalse(ETags.ifMatchSatisfied("\"a\"", tag));
        assertFalse(ETags.ifMatchSatisfied(null, tag));
        assertFalse(ETags.ifMatchSatisfied("*", null));
    }

    @Test
    void parseKeepsTagsAsSentAndSkipsMalformedMembers() {
        assertEquals(List.of("\"a\"", "W/\"b\"", "\"c,d\""), ETags.parse(" \"a\" ,W/\"b\",\"c,d\""));
        assertEquals(List.of("\"b\""), ETags.parse("a, \"b\""));
        assertEquals(List.of(), ETags.parse(null));
    }

    @Test
    void conditionalGetAnswers304WithoutBodyOr200WithBody() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> body = Map.of("year", 2026);
        String tag = ETags.of(json, body);
        Response ok = ETags.conditionalGet(json, body, null).build();
        assertEquals(200, ok.getStatus());
        assertEquals(tag, ok.getHeaderString("ETag"));
        assertEquals(new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8),
                new String((byte[]) ok.getEntity(), StandardCharsets.UTF_8));
        Response notModified = ETags.conditionalGet(json, body, tag).build();
        assertEquals(304, notModified.getStatus());
        assertEquals(tag, notModified.getHeaderString("ETag"));
        assertNull(notModified.getEntity());
    }
}
