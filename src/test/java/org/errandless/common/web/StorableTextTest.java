package org.errandless.common.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What PostgreSQL cannot store is found in every channel, and nothing else is: explicit cases, and seeded random
 * strings written by Jackson (refused exactly when they hold a NUL or a lone surrogate).
 */
class StorableTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"a\":\"x\\u0000y\"}", "{\"a\\u0000\":1}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}",
            "{\"a\":\"\\uD83D\\u0041\"}", "{\"a\":\"\\ud83d\"}", "[\"\\u0000\"]" })
    void refusedJson(String body) {
        assertTrue(StorableText.inJson(utf8(body)).isPresent(), body);
        assertTrue(StorableText.inBody("application/merge-patch+json", utf8(body)).isPresent(), body);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"a\":\"x\\\\u0000y\"}", "{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":\"家\\u5bb6\"}",
            "{\"a\":\"\\\\\\\\\"}", "{\"a\":\"\\u00e9\\\"\\n\"}", "{\"a\":\"\\u00\"}", "{}" })
    void acceptedJson(String body) {
        assertFalse(StorableText.inJson(utf8(body)).isPresent(), body);
    }

    @org.junit.jupiter.api.Test
    void rawBytes() {
        assertTrue(StorableText.inJson(new byte[] { '{', '"', 'a', '"', ':', '"', 0, '"', '}' }).isPresent());
        // not UTF-8 (a lone continuation byte; an encoded surrogate)
        assertTrue(StorableText.inJson(new byte[] { '"', (byte) 0x80, '"' }).isPresent());
        assertTrue(StorableText.inJson(new byte[] { '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"' }).isPresent());
        assertTrue(StorableText.inBody("application/x-www-form-urlencoded", utf8("a=b%00c")).isPresent());
        assertTrue(StorableText.inBody("application/x-www-form-urlencoded; charset=UTF-8", utf8("a=%00")).isPresent());
        assertFalse(StorableText.inBody("application/x-www-form-urlencoded", utf8("a=b%2500c")).isPresent());
        assertTrue(StorableText.inBody("text/plain", new byte[] { 'a', 0 }).isPresent());
        // other types are for the features that read them
        assertFalse(StorableText.inBody("application/pdf", new byte[] { 0, 0 }).isPresent());
        assertTrue(StorableText.inTarget("/api/v1/services/%00").isPresent());
        assertTrue(StorableText.inTarget("/api/v1/services?code=a%00").isPresent());
        assertFalse(StorableText.inTarget("/api/v1/services/%2500?q=%E5%AE%B6").isPresent());
        assertTrue(StorableText.inHeader("X-Thing", "a\0b").isPresent());
        assertFalse(StorableText.inHeader("X-Thing", "a b").isPresent());
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 2_000).mapToObj(i -> 20261204L + i);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void jacksonWrittenStringsAreRefusedExactlyWhenTheyHoldANulOrALoneSurrogate(long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(100);
            if (pick < 2) {
                text.append('\0');
            } else if (pick < 4) {
                // half of a pair, alone
                text.append((char) (0xD800 + random.nextInt(0x800)));
            } else if (pick < 10) {
                text.appendCodePoint(0x1F600 + random.nextInt(80));
            } else if (pick < 20) {
                text.append((char) random.nextInt(0x20));
            } else if (pick < 30) {
                text.append("\\\"/u".charAt(random.nextInt(4)));
            } else {
                text.append((char) (0x20 + random.nextInt(0x9FFF - 0x20)));
            }
        }
        String value = text.toString();
        // a pair formed by two random halves in a row is a pair, not two lone halves
        boolean unstorable = value.indexOf('\0') >= 0 || hasLoneSurrogate(value);
        for (String json : new String[] { escaped(value), JSON.writeValueAsString(java.util.Map.of("k", value)) }) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            if (hasLoneSurrogate(value) && json.equals(JSON.writeValueAsString(java.util.Map.of("k", value)))) {
                // Jackson writes a lone surrogate raw, which UTF-8 cannot carry: the bytes become '?'
                continue;
            }
            assertTrue(StorableText.inJson(bytes).isPresent() == unstorable, json);
        }
    }

    /** The string as a JSON string literal with every non-ASCII character escaped, as some clients send it. */
    private static String escaped(String value) {
        StringBuilder json = new StringBuilder("{\"k\":\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append("\"}").toString();
    }

    private static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
