package org.errandless.identity.mfa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6238 and RFC 4226 test vectors, the drift window and the replay rule; base32 by RFC 4648's vectors. */
class TotpTest {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = ("1234567890".repeat(6) + "1234").getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B: time (s), then the 8-digit codes for HMAC-SHA1, -SHA256 and -SHA512. */
    @ParameterizedTest
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826" })
    void rfc6238AppendixB(long time, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(time));
        assertEquals(sha1, new Totp(8, "HmacSHA1").code(SHA1_SEED, step));
        assertEquals(sha256, new Totp(8, "HmacSHA256").code(SHA256_SEED, step));
        assertEquals(sha512, new Totp(8, "HmacSHA512").code(SHA512_SEED, step));
    }

    /** RFC 4226 Appendix D: the 6-digit HOTP values of counters 0 to 9, which are TOTP's time steps. */
    @ParameterizedTest
    @CsvSource({ "0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314", "5, 254676", "6, 287922",
            "7, 162583", "8, 399871", "9, 520489" })
    void rfc4226AppendixDWithTheAppDefaults(long counter, String code) {
        assertEquals(code, new Totp().code(SHA1_SEED, counter));
    }

    @Test
    void stepsAreThirtySecondsFromTheEpoch() {
        assertEquals(0, Totp.step(Instant.ofEpochSecond(29)));
        assertEquals(1, Totp.step(Instant.ofEpochSecond(30)));
        assertEquals(-1, Totp.step(Instant.ofEpochSecond(-1)));
    }

    static Stream<Arguments> seededSecrets() {
        Random random = new Random(6238);
        return IntStream.range(0, 200).mapToObj(i -> {
            byte[] secret = new byte[Totp.SECRET_BYTES];
            random.nextBytes(secret);
            return Arguments.of(secret, 1_700_000_000L + random.nextInt(100_000_000));
        });
    }

    /** Codes of the current step and one either side match their own step; further ones and used ones do not. */
    @ParameterizedTest
    @MethodSource("seededSecrets")
    void theDriftWindowAndTheReplayRule(byte[] secret, long time) {
        Totp totp = new Totp();
        Instant now = Instant.ofEpochSecond(time);
        long current = Totp.step(now);
        for (int offset = -1; offset <= 1; offset++) {
            String code = totp.code(secret, current + offset);
            OptionalLong matched = totp.match(secret, code, now, -1);
            assertTrue(matched.isPresent());
            // another step of the window may share the code by chance (1 in a million): the latest is answered
            assertTrue(matched.getAsLong() >= current + offset);
            assertEquals(OptionalLong.empty(), totp.match(secret, code, now, current + 1));
        }
        for (int offset : new int[] { -3, -2, 2, 3 }) {
            String code = totp.code(secret, current + offset);
            boolean collides = IntStream.rangeClosed(-1, 1)
                    .anyMatch(near -> totp.code(secret, current + near).equals(code));
            assertEquals(collides, totp.match(secret, code, now, -1).isPresent());
        }
        // a base32 round trip gives the app's secret back
        assertArrayEquals(secret, Base32.decode(Base32.encode(secret)));
    }

    @Test
    void malformedCodesNeverMatch() {
        Totp totp = new Totp();
        Instant now = Instant.ofEpochSecond(59);
        String code = totp.code(SHA1_SEED, Totp.step(now));
        for (String malformed : new String[] { null, "", code + "0", code.substring(1), " " + code.substring(1),
                "12345a", "١٢٣٤٥٦" }) {
            assertEquals(OptionalLong.empty(), totp.match(SHA1_SEED, malformed, now, -1), String.valueOf(malformed));
        }
    }

    @ParameterizedTest
    @CsvSource(value = { "'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB",
            "foobar, MZXW6YTBOI" })
    void base32ByRfc4648(String text, String encoded) {
        assertEquals(encoded, Base32.encode(text.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(text, new String(Base32.decode(encoded.toLowerCase()), StandardCharsets.US_ASCII));
        assertEquals(text, new String(Base32.decode(encoded + "======"), StandardCharsets.US_ASCII));
    }

    @Test
    void base32RefusesOtherCharacters() {
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZXW1"));
    }
}
