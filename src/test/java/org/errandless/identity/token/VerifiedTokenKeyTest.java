package org.errandless.identity.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * {@link VerifiedTokenKey}: the same text is the same key, any other text another key, also when only the payload
 * differs under a copied signature (which then hashes alike: the hash reads only the signature's end, that is what
 * makes it cheap). Seeded cases shaped like our tokens (header, a payload of 200 to 600 characters, an RS256
 * signature of 342), and short or malformed texts.
 */
class VerifiedTokenKeyTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    record Case(String token, String otherPayload, String otherSignature, String otherHeader) {
    }

    static Stream<Case> tokens() {
        Random random = new Random(20261209L);
        return IntStream.range(0, 2000).mapToObj(i -> {
            String header = text(random, 36 + random.nextInt(40));
            String payload = text(random, 200 + random.nextInt(400));
            String signature = text(random, 342);
            String token = header + "." + payload + "." + signature;
            // one character of the payload changed, or the payload cut or lengthened
            char[] altered = payload.toCharArray();
            int at = random.nextInt(altered.length);
            altered[at] = ALPHABET.charAt((ALPHABET.indexOf(altered[at]) + 1 + random.nextInt(63)) % 64);
            String otherPayload = switch (random.nextInt(3)) {
                case 0 -> new String(altered);
                case 1 -> payload.substring(0, payload.length() - 1 - random.nextInt(10));
                default -> payload + text(random, 1 + random.nextInt(10));
            };
            char[] otherSignature = signature.toCharArray();
            int s = random.nextInt(otherSignature.length);
            otherSignature[s] = otherSignature[s] == 'A' ? 'B' : 'A';
            return new Case(token, header + "." + otherPayload + "." + signature,
                    header + "." + payload + "." + new String(otherSignature),
                    text(random, header.length()) + "." + payload + "." + signature);
        });
    }

    @ParameterizedTest
    @MethodSource("tokens")
    void theSameTextIsTheSameKeyAndAnyOtherIsNot(Case c) {
        VerifiedTokenKey key = new VerifiedTokenKey(c.token());
        // each request's header is a new String of the same text
        VerifiedTokenKey again = new VerifiedTokenKey(new String(c.token().toCharArray()));
        assertEquals(key, again);
        assertEquals(key.hashCode(), again.hashCode());

        VerifiedTokenKey forged = new VerifiedTokenKey(c.otherPayload());
        assertNotEquals(key, forged, "another payload under the same signature");
        assertEquals(key.hashCode(), forged.hashCode(), "the hash reads only the signature's end");
        assertNotEquals(key, new VerifiedTokenKey(c.otherSignature()), "another signature");
        assertNotEquals(key, new VerifiedTokenKey(c.otherHeader()), "another header");
        assertNotEquals(key, new VerifiedTokenKey(c.token() + "x"));
        assertNotEquals(key, new VerifiedTokenKey(c.token().substring(1)));
        assertFalse(key.toString().contains(c.token().substring(0, 20)), "no credential in a log");
    }

    @ParameterizedTest
    @MethodSource("tokens")
    void tokensThatShareTheSignaturesEndNeverShareAnEntry(Case c) {
        Map<VerifiedTokenKey, String> map = new HashMap<>();
        Cache<VerifiedTokenKey, String> cache = Caffeine.newBuilder().maximumSize(100).build();
        map.put(new VerifiedTokenKey(c.token()), "verified");
        cache.put(new VerifiedTokenKey(c.token()), "verified");

        for (String other : new String[] { c.otherPayload(), c.otherSignature(), c.otherHeader() }) {
            assertNull(map.get(new VerifiedTokenKey(other)));
            assertNull(cache.getIfPresent(new VerifiedTokenKey(other)));
        }
        map.put(new VerifiedTokenKey(c.otherPayload()), "forged");
        assertEquals("verified", map.get(new VerifiedTokenKey(c.token())));
        assertEquals("forged", map.get(new VerifiedTokenKey(c.otherPayload())));
        assertEquals("verified", cache.getIfPresent(new VerifiedTokenKey(c.token())));
    }

    @Test
    void shortAndMalformedTextsAreKeysToo() {
        for (String token : new String[] { "", ".", "a", "a.b", "x".repeat(VerifiedTokenKey.HASHED - 1),
                "x".repeat(VerifiedTokenKey.HASHED), "no-dots-at-all-" + "y".repeat(100) }) {
            VerifiedTokenKey key = new VerifiedTokenKey(token);
            assertEquals(key, new VerifiedTokenKey(new String(token.toCharArray())), token);
            assertNotEquals(key, new VerifiedTokenKey(token + "."), token);
        }
        assertNotEquals(new VerifiedTokenKey("z" + "x".repeat(40)), new VerifiedTokenKey("y" + "x".repeat(40)));
        assertNotEquals(new VerifiedTokenKey("abc"), "abc");
    }

    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(64)));
        }
        return text.toString();
    }
}
