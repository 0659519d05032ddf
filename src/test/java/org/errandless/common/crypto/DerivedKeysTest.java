package org.errandless.common.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Keys derived from the data key for other purposes (OTP code hashes, rate-limit subjects). */
class DerivedKeysTest {

    private static byte[] key(long seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }

    @Test
    void stablePerDataKeyAndPurpose() {
        byte[] first = new PersonalDataProtector(key(1)).deriveKey("otp-code", 32);
        assertEquals(32, first.length);
        assertArrayEquals(first, new PersonalDataProtector(key(1)).deriveKey("otp-code", 32));
    }

    @Test
    void independentAcrossPurposesAndDataKeys() {
        PersonalDataProtector protector = new PersonalDataProtector(key(1));
        byte[] otp = protector.deriveKey("otp-code", 32);
        assertFalse(Arrays.equals(otp, protector.deriveKey("rate-limit-subjects", 32)));
        assertFalse(Arrays.equals(otp, new PersonalDataProtector(key(2)).deriveKey("otp-code", 32)));
        assertFalse(Arrays.equals(otp, key(1)));
    }

    @Test
    void purposeAndLengthAreChecked() {
        PersonalDataProtector protector = new PersonalDataProtector(key(1));
        assertThrows(IllegalArgumentException.class, () -> protector.deriveKey(" ", 32));
        assertThrows(IllegalArgumentException.class, () -> protector.deriveKey("x", 8));
        assertThrows(IllegalArgumentException.class, () -> protector.deriveKey("x", 65));
    }
}
