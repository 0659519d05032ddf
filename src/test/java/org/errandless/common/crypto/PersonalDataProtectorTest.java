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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** Random values of both kinds, seeded: each round-trips, hashes like its twin, and decrypts on another thread. */
    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 20261206 })
    void seededValuesRoundTripOnAnyThread(long seed) throws Exception {
        Random random = new Random(seed);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 300; i++) {
                PersonalDataKind kind = random.nextBoolean() ? PersonalDataKind.ID_NUMBER : PersonalDataKind.PHONE;
                StringBuilder value = new StringBuilder();
                for (int n = 1 + random.nextInt(24); n > 0; n--) {
                    value.append((char) ('0' + random.nextInt(10)));
                }
                String plain = value.toString();
                String stored = protector.encrypt(kind, plain);
                String normalised = kind.normalise(plain);
                assertEquals(normalised, protector.decrypt(kind, stored));
                assertEquals(normalised, other.submit(() -> protector.decrypt(kind, stored)).get(10, TimeUnit.SECONDS));
                assertEquals(protector.blindIndex(kind, plain),
                        other.submit(() -> protector.blindIndex(kind, plain)).get(10, TimeUnit.SECONDS));
            }
        } finally {
            other.shutdownNow();
        }
    }

    /** Threads that encrypt at once (each with its own cipher) never share an IV, and each result decrypts. */
    @Test
    void concurrentEncryptionsUseDistinctIvs() throws Exception {
        int threads = 8;
        int each = 2_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        Set<String> ivs = ConcurrentHashMap.newKeySet();
        Set<String> stored = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            java.util.List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < each; i++) {
                        String value = "1380" + thread + String.format("%06d", i);
                        String ciphertext = protector.encrypt(PersonalDataKind.PHONE, value);
                        assertEquals(value, protector.decrypt(PersonalDataKind.PHONE, ciphertext));
                        stored.add(ciphertext);
                        ivs.add(HexFormat.of().formatHex(Base64.getDecoder().decode(ciphertext.substring(3)), 0, 12));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, stored.size());
        assertEquals(threads * each, ivs.size(), "an IV is never used twice");
    }

    /** A failed decryption leaves the thread's cipher usable for the next value. */
    @Test
    void aFailedDecryptionDoesNotSpoilTheNextOne() {
        String stored = protector.encrypt(PersonalDataKind.ID_NUMBER, ID_NUMBER);
        byte[] packed = Base64.getDecoder().decode(stored.substring(3));
        packed[packed.length - 1] ^= 0x01;
        String altered = "v1:" + Base64.getEncoder().encodeToString(packed);
        for (int i = 0; i < 3; i++) {
            assertThrows(PersonalDataException.class, () -> protector.decrypt(PersonalDataKind.ID_NUMBER, altered));
            assertEquals(ID_NUMBER, protector.decrypt(PersonalDataKind.ID_NUMBER, stored));
            assertEquals(ID_NUMBER, protector.decrypt(PersonalDataKind.ID_NUMBER,
                    protector.encrypt(PersonalDataKind.ID_NUMBER, ID_NUMBER)));
        }
    }

    /**
     * The stored form is plain AES-256-GCM (HKDF-derived key, the kind as associated data) that a fresh JDK cipher
     * reads and writes: what was stored before per-thread ciphers decrypts after, and the other way round.
     */
    @Test
    void storedFormIsReadableByAnIndependentCipher() throws Exception {
        byte[] key = Hkdf.derive(key(1), "errandless/personal-data".getBytes(StandardCharsets.UTF_8),
                "errandless/personal-data/v1/aes-256-gcm".getBytes(StandardCharsets.UTF_8), 32);
        byte[] aad = "v1:ID_NUMBER:".getBytes(StandardCharsets.UTF_8);
        String stored = protector.encrypt(PersonalDataKind.ID_NUMBER, ID_NUMBER);
        byte[] packed = Base64.getDecoder().decode(stored.substring(3));
        Cipher independent = Cipher.getInstance("AES/GCM/NoPadding");
        independent.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, packed, 0, 12));
        independent.updateAAD(aad);
        byte[] plaintext = independent.doFinal(packed, 12, packed.length - 12);
        assertEquals(ID_NUMBER, new String(plaintext, StandardCharsets.UTF_8));

        byte[] iv = HexFormat.of().parseHex("000102030405060708090a0b");
        Cipher writer = Cipher.getInstance("AES/GCM/NoPadding");
        writer.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        writer.updateAAD(aad);
        byte[] ciphertext = writer.doFinal(ID_NUMBER.getBytes(StandardCharsets.UTF_8));
        byte[] written = new byte[12 + ciphertext.length];
        System.arraycopy(iv, 0, written, 0, 12);
        System.arraycopy(ciphertext, 0, written, 12, ciphertext.length);
        assertEquals(ID_NUMBER, protector.decrypt(PersonalDataKind.ID_NUMBER,
                "v1:" + Base64.getEncoder().encodeToString(written)));
    }
}
