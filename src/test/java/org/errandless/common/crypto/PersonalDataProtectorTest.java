package org.errandless.common.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PersonalDataProtectorTest {

    private static final String ID_NUMBER = "500103198803120516";
    private final PersonalDataProtector protector = new PersonalDataProtector(key(1));
    private final PersonalDataProtector otherKey = new PersonalDataProtector(key(2));

    private static byte[] key(long seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }

    @Test
    void roundTrip() {
        String stored = protector.encrypt(PersonalDataKind.ID_NUMBER, ID_NUMBER);
        assertTrue(stored.startsWith("v1:"), stored);
        assertFalse(stored.contains(ID_NUMBER));
        assertEquals(ID_NUMBER, protector.decrypt(PersonalDataKind.ID_NUMBER, stored));
        String phone = protector.encrypt(PersonalDataKind.PHONE, "13800000001");
        assertEquals("13800000001", protector.decrypt(PersonalDataKind.PHONE, phone));
        String unicode = protector.encrypt(PersonalDataKind.PHONE, "电话 ☎");
        assertEquals("电话☎", protector.decrypt(PersonalDataKind.PHONE, unicode));
    }

    @Test
    void samePlaintextEncryptsDifferentlyEveryTimeButHashesTheSame() {
        Set<String> ciphertexts = new HashSet<>();
        Set<String> ivs = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String stored = protector.encrypt(PersonalDataKind.ID_NUMBER, ID_NUMBER);
            ciphertexts.add(stored);
            ivs.add(HexFormat.of().formatHex(Base64.getDecoder().decode(stored.substring(3)), 0, 12));
            hashes.add(protector.blindIndex(PersonalDataKind.ID_NUMBER, ID_NUMBER));
        }
        assertEquals(200, ciphertexts.size());
        assertEquals(200, ivs.size(), "a fresh IV per value");
        assertEquals(1, hashes.size());
        assertEquals(43, hashes.iterator().next().length());
    }

    @Test
    void storedFormIsIvCiphertextAndTag() {
        byte[] packed = Base64.getDecoder().decode(protector.encrypt(PersonalDataKind.ID_NUMBER, ID_NUMBER).substring(3));
        assertEquals(12 + ID_NUMBER.length() + 16, packed.length);
    }

    @Test
    void normalisationMakesEquivalentInputsOneValue() {
        assertEquals(protector.blindIndex(PersonalDataKind.ID_NUMBER, "11010519491231002X"),
                protector.blindIndex(PersonalDataKind.ID_NUMBER, " 11010519491231002x "));
        assertEquals("11010519491231002X", protector.decrypt(PersonalDataKind.ID_NUMBER,
                protector.encrypt(PersonalDataKind.ID_NUMBER, "11010519491231002x")));
        String phone = protector.blindIndex(PersonalDataKind.PHONE, "13800000001");
        for (String variant : new String[] { "+8613800000001", "+86 138 0000 0001", "008613800000001",
                "8613800000001", "138-0000-0001", " (138) 0000 0001 " }) {
            assertEquals(phone, protector.blindIndex(PersonalDataKind.PHONE, variant), variant);
        }
        assertNotEquals(phone, protector.blindIndex(PersonalDataKind.PHONE, "13800000002"));
    }

    @Test
    void blindIndexDependsOnKindAndKey() {
        assertNotEquals(protector.blindIndex(PersonalDataKind.ID_NUMBER, "13800000001"),
                protector.blindIndex(PersonalDataKind.PHONE, "13800000001"));
        assertNotEquals(protector.blindIndex(PersonalDataKind.ID_NUMBER, ID_NUMBER),
                otherKey.blindIndex(PersonalDataKind.ID_NUMBER, ID_NUMBER));
    }

    @Test
    void everyTamperedByteFailsAuthentication() {
        String stored = protector.encrypt(PersonalDataKind.ID_NUMBER, ID_NUMBER);
        byte[] packed = Base64.getDecoder().decode(stored.substring(3));
        for (int i = 0; i < packed.length; i++) {
            byte[] tampered = packed.clone();
            tampered[i] ^= 0x01;
            String altered = "v1:" + Base64.getEncoder().encodeToString(tampered);
            PersonalDataException failure = assertThrows(PersonalDataException.class,
                    () -> protector.decrypt(PersonalDataKind.ID_NUMBER, altered), "byte " + i);
            assertFalse(failure.getMessage().contains(ID_NUMBER));
        }
        byte[] truncated = new byte[packed.length - 1];
        System.arraycopy(packed, 0, truncated, 0, truncated.length);
        assertThrows(PersonalDataException.class, () -> protector.decrypt(PersonalDataKind.ID_NUMBER,
                "v1:" + Base64.getEncoder().encodeToString(truncated)));
    }

    @Test
    void wrongKindWrongKeyAndGarbageFail() {
        String stored = protector.encrypt(PersonalDataKind.ID_NUMBER, ID_NUMBER);
        assertThrows(PersonalDataException.class, () -> protector.decrypt(PersonalDataKind.PHONE, stored));
        assertThrows(PersonalDataException.class, () -> otherKey.decrypt(PersonalDataKind.ID_NUMBER, stored));
        assertThrows(PersonalDataException.class, () -> protector.decrypt(PersonalDataKind.ID_NUMBER, ID_NUMBER));
        assertThrows(PersonalDataException.class, () -> protector.decrypt(PersonalDataKind.ID_NUMBER, "v1:***"));
        assertThrows(PersonalDataException.class, () -> protector.decrypt(PersonalDataKind.ID_NUMBER, "v1:AAAA"));
        assertThrows(PersonalDataException.class, () -> protector.decrypt(PersonalDataKind.ID_NUMBER, null));
        assertThrows(PersonalDataException.class,
                () -> protector.decrypt(PersonalDataKind.ID_NUMBER, "v2:" + stored.substring(3)));
    }

    @Test
    void refusesKeysOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> new PersonalDataProtector(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> new PersonalDataProtector(new byte[33]));
        assertThrows(NullPointerException.class, () -> new PersonalDataProtector(null));
    }

    @Test
    void toStringRevealsNoKey() {
        assertEquals("PersonalDataProtector[v1]", protector.toString());
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c");
        byte[] info = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");
        byte[] okm = Hkdf.derive(ikm, salt, info, 42);
        assertArrayEquals(HexFormat.of().parseHex(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"), okm);
    }

    @Test
    void encryptionAndHashingKeysAreDistinctDerivations() {
        byte[] master = key(1);
        byte[] salt = "errandless/personal-data".getBytes(StandardCharsets.UTF_8);
        byte[] encryption = Hkdf.derive(master, salt,
                "errandless/personal-data/v1/aes-256-gcm".getBytes(StandardCharsets.UTF_8), 32);
        byte[] hashing = Hkdf.derive(master, salt,
                "errandless/personal-data/v1/blind-index-hmac-sha256".getBytes(StandardCharsets.UTF_8), 32);
        assertFalse(java.util.Arrays.equals(encryption, hashing));
        assertFalse(java.util.Arrays.equals(master, encryption));
    }
}
