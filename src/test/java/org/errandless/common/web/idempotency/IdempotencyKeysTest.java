package org.errandless.common.web.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.errandless.common.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key syntax and request fingerprints, without a server. */
class IdempotencyKeysTest {

    private static final byte[] KEY = "a test key of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void bareAndQuotedKeysAreTheSameKey() {
        assertEquals("abc-123", IdempotencyKeys.parse(List.of("abc-123")));
        assertEquals("abc-123", IdempotencyKeys.parse(List.of("\"abc-123\"")));
        assertEquals("a\"b\\c", IdempotencyKeys.parse(List.of("\"a\\\"b\\\\c\"")));
        assertEquals("with space", IdempotencyKeys.parse(List.of("with space")));
        assertEquals("~".repeat(255), IdempotencyKeys.parse(List.of("~".repeat(255))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "\"\"", "tab\there", "caf\u00e9", "\"bad \\x escape\"", "\"a\"b\"" })
    void malformedKeysAreRefused(String key) {
        ProblemException refused = assertThrows(ProblemException.class, () -> IdempotencyKeys.parse(List.of(key)));
        assertEquals(400, refused.status());
        assertEquals("validation-failed", refused.code());
        assertEquals("Idempotency-Key", refused.invalidParams().get(0).name());
    }

    @Test
    void tooLongAndRepeatedKeysAreRefused() {
        assertThrows(ProblemException.class, () -> IdempotencyKeys.parse(List.of("k".repeat(256))));
        assertThrows(ProblemException.class, () -> IdempotencyKeys.parse(List.of("one", "two")));
    }

    @Test
    void everyPartOfTheRequestCounts() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String base = hash("POST", "/api/v1/things", null, body);
        assertEquals(base, hash("POST", "/api/v1/things", null, body.clone()));
        assertNotEquals(base, hash("PUT", "/api/v1/things", null, body));
        assertNotEquals(base, hash("POST", "/api/v1/thing", null, body));
        assertNotEquals(base, hash("POST", "/api/v1/things", "x=1", body));
        assertNotEquals(base, hash("POST", "/api/v1/things", null, "{\"a\":2}".getBytes(StandardCharsets.UTF_8)));
        // an empty query is no query
        assertEquals(base, hash("POST", "/api/v1/things", "", body));
    }

    @Test
    void partsCannotBleedIntoEachOther() {
        // seeded random splits of one string between path, query and body never collide
        Random random = new Random(20261128);
        Set<String> hashes = new HashSet<>();
        String text = "abcdefghij";
        int cases = 0;
        for (int i = 0; i < 2000; i++) {
            int first = random.nextInt(text.length() + 1);
            int second = first + random.nextInt(text.length() - first + 1);
            String path = text.substring(0, first);
            String query = text.substring(first, second);
            byte[] body = text.substring(second).getBytes(StandardCharsets.UTF_8);
            if (hashes.add(path + "|" + query + "|" + text.substring(second))) {
                cases++;
                hashes.add(hash("POST", path, query, body));
            }
        }
        assertEquals(cases * 2, hashes.size());
    }

    @Test
    void aCutBodyIsIdentifiedByItsHeadAndLength() {
        byte[] head = new byte[] { 1, 2, 3, 4, 5 };
        String cut = IdempotencyKeys.requestHash(KEY, "POST", "/up", null, head, 4, 1000);
        assertEquals(cut, IdempotencyKeys.requestHash(KEY, "POST", "/up", null, new byte[] { 1, 2, 3, 4, 9 }, 4, 1000));
        assertNotEquals(cut, IdempotencyKeys.requestHash(KEY, "POST", "/up", null, head, 4, 1001));
        assertNotEquals(cut,
                IdempotencyKeys.requestHash(KEY, "POST", "/up", null, new byte[] { 1, 2, 3, 5, 5 }, 4, 1000));
    }

    @Test
    void fingerprintsAreKeyedAndNotThePlainHash() throws Exception {
        byte[] body = "{\"phone\":\"13800000001\"}".getBytes(StandardCharsets.UTF_8);
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        String keyed = hash("POST", "/api/v1/auth/otp", null, body);
        assertNotEquals(keyed, IdempotencyKeys.requestHash(otherKey, "POST", "/api/v1/auth/otp", null, body,
                body.length, body.length));
        assertNotEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)), keyed);
        assertEquals(64, keyed.length());
        String caller = IdempotencyKeys.callerHash(KEY, "refresh-token", "rt_abc");
        assertNotEquals(caller, IdempotencyKeys.callerHash(KEY, "otp-code", "rt_abc"));
        assertNotEquals(caller, IdempotencyKeys.callerHash(otherKey, "refresh-token", "rt_abc"));
        assertEquals(caller, IdempotencyKeys.callerHash(KEY, "refresh-token", "rt_abc"));
    }

    private static String hash(String method, String path, String query, byte[] body) {
        return IdempotencyKeys.requestHash(KEY, method, path, query, body, body.length, body.length);
    }
}
