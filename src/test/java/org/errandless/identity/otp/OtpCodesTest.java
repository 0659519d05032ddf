package org.errandless.identity.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class OtpCodesTest {

    private final OtpCodes codes = new OtpCodes("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @Test
    void codesAreSixDigitsWithLeadingZerosKept() {
        Set<Character> firstDigits = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String code = codes.newCode();
            assertTrue(code.matches("[0-9]{6}"), code);
            firstDigits.add(code.charAt(0));
        }
        assertEquals(10, firstDigits.size(), "every first digit, 0 included, must occur");
    }

    @Test
    void theStoredFormIsAKeyedHashBoundToTheChallenge() throws Exception {
        UUID challenge = UUID.randomUUID();
        String stored = codes.hash(challenge, "123456");
        assertEquals(stored, codes.hash(challenge, "123456"));
        assertNotEquals(stored, codes.hash(UUID.randomUUID(), "123456"));
        String plain = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest("123456".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(plain, stored);
        OtpCodes otherKey = new OtpCodes("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
        assertNotEquals(stored, otherKey.hash(challenge, "123456"));
    }

    @Test
    void matchesOnlyTheRightCode() {
        UUID challenge = UUID.randomUUID();
        String stored = codes.hash(challenge, "042917");
        assertTrue(codes.matches(challenge, "042917", stored));
        assertFalse(codes.matches(challenge, "042918", stored));
        assertFalse(codes.matches(challenge, "42917", stored));
        assertFalse(codes.matches(UUID.randomUUID(), "042917", stored));
        assertFalse(codes.matches(challenge, "042917", "not hex"));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OtpCodes(new byte[16]));
    }
}
