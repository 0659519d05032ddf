package org.errandless.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protects personal data at rest (ID numbers, phone numbers) so that a dump of the database alone reveals none of it.
 *
 * <p>Each value is stored twice, in two columns:
 * <ul>
 * <li>{@link #encrypt encrypted} with AES-256-GCM under a fresh random 96-bit IV, as
 * {@code v1:<base64(iv ‖ ciphertext ‖ tag)>}: the same value encrypts differently every time, and any change to the
 * stored text makes {@link #decrypt} fail instead of returning something else;</li>
 * <li>as a {@link #blindIndex blind index}, a keyed HMAC-SHA256 of the normalised value, which is deterministic and so
 * serves exact lookups ({@code where id_number_hash = ?}) and unique constraints without decrypting anything. Without
 * the key an attacker cannot test guesses against it, which matters because ID numbers have little entropy.</li>
 * </ul>
 *
 * <p>Both subkeys (and the keys handed out by {@link #deriveKey}) are derived from one 32-byte master key
 * ({@code errandless.data-key}, see {@link DataKeys}) with HKDF-SHA256 and distinct labels, so the encryption key and
 * the hashing key are independent. The {@link
 * PersonalDataKind} is bound into both (GCM associated data, HMAC input), so values of one kind cannot be passed off as
 * another. The {@code v1} prefix names the format and key generation, leaving room for a key rotation that re-encrypts
 * lazily.
 *
 * <p>Thread-safe. Never log what goes in or comes out of this class; masked forms are in {@link PersonalDataMasks}.
 */
public final class PersonalDataProtector {

    /** Length in bytes of the master key: AES-256 strength. */
    public static final int MASTER_KEY_LENGTH = 32;

    private static final String FORMAT = "v1";
    private static final String PREFIX = FORMAT + ":";
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SALT = "errandless/personal-data".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ENCRYPTION_INFO = "errandless/personal-data/v1/aes-256-gcm".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BLIND_INDEX_INFO = "errandless/personal-data/v1/blind-index-hmac-sha256"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] DERIVATION_INFO = "errandless/derived-keys/v1".getBytes(StandardCharsets.UTF_8);
    private static final String DERIVED_PREFIX = "errandless/derived/";

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec blindIndexKey;
    private final byte[] derivationKey;
    /**
     * One AES-GCM cipher, HMAC and IV source per thread: {@code Cipher.getInstance} and {@code Mac.getInstance} look
     * the algorithm up in the providers on every call (most of the cost of one encryption of an ID number), and one
     * shared {@code SecureRandom} makes every thread that encrypts wait for the others. A cipher is initialised
     * afresh for every value with a new random IV (GCM must never see an IV twice under one key: the JDK even refuses
     * to re-initialise an encrypting cipher with the IV it used last), so nothing but the provider look-up is reused.
     */
    private final ThreadLocal<Cipher> encryptors = ThreadLocal.withInitial(PersonalDataProtector::newCipher);
    private final ThreadLocal<Cipher> decryptors = ThreadLocal.withInitial(PersonalDataProtector::newCipher);
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final ThreadLocal<SecureRandom> randoms = ThreadLocal.withInitial(PersonalDataProtector::newRandom);

    /**
     * @param masterKey exactly {@value #MASTER_KEY_LENGTH} random bytes; the array is not kept
     */
    public PersonalDataProtector(byte[] masterKey) {
        Objects.requireNonNull(masterKey, "masterKey");
        if (masterKey.length != MASTER_KEY_LENGTH) {
            throw new IllegalArgumentException("The data key must be " + MASTER_KEY_LENGTH + " bytes");
        }
        byte[] encryption = Hkdf.derive(masterKey, SALT, ENCRYPTION_INFO, 32);
        byte[] blindIndex = Hkdf.derive(masterKey, SALT, BLIND_INDEX_INFO, 32);
        this.encryptionKey = new SecretKeySpec(encryption, "AES");
        this.blindIndexKey = new SecretKeySpec(blindIndex, "HmacSHA256");
        this.derivationKey = Hkdf.derive(masterKey, SALT, DERIVATION_INFO, 32);
        Arrays.fill(encryption, (byte) 0);
        Arrays.fill(blindIndex, (byte) 0);
    }

    /** Encrypts the normalised value; a different result on every call. */
    public String encrypt(PersonalDataKind kind, String value) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        byte[] plaintext = kind.normalise(value).getBytes(StandardCharsets.UTF_8);
        byte[] iv = new byte[IV_LENGTH];
        randoms.get().nextBytes(iv);
        try {
            Cipher cipher = encryptors.get();
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(kind));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Decrypts a value written by {@link #encrypt} for the same kind.
     *
     * @throws PersonalDataException if the stored text is not ours, was altered, belongs to another kind or was
     *         written under another data key
     */
    public String decrypt(PersonalDataKind kind, String stored) {
        Objects.requireNonNull(kind, "kind");
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new PersonalDataException("Stored personal data is not in the " + FORMAT + " format");
        }
        byte[] packed;
        try {
            packed = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new PersonalDataException("Stored personal data is not valid base64");
        }
        if (packed.length < IV_LENGTH + TAG_BITS / 8) {
            throw new PersonalDataException("Stored personal data is too short");
        }
        try {
            Cipher cipher = decryptors.get();
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, packed, 0, IV_LENGTH));
            cipher.updateAAD(associatedData(kind));
            byte[] plaintext = cipher.doFinal(packed, IV_LENGTH, packed.length - IV_LENGTH);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new PersonalDataException(
                    "Stored personal data failed authentication: altered, of another kind, or under another data key");
        } catch (GeneralSecurityException e) {
            throw new PersonalDataException("Stored personal data could not be decrypted", e);
        }
    }

    /**
     * The blind index of the normalised value: base64url (no padding) of HMAC-SHA256, 43 characters. Equal normalised
     * values of the same kind always give the same index.
     */
    public String blindIndex(PersonalDataKind kind, String value) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        // doFinal leaves the MAC reset, keyed, for the next value of this thread
        Mac mac = macs.get();
        mac.update(associatedData(kind));
        byte[] digest = mac.doFinal(kind.normalise(value).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(blindIndexKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * The IV source of one thread: a DRBG (NIST SP 800-90A) seeded from the system's entropy, so threads do not queue
     * on the process-wide lock of the default {@code NativePRNG}; the platform default where there is none.
     */
    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            return new SecureRandom();
        }
    }

    /**
     * A secret key for another purpose (keyed hashes of one-time codes, of rate-limit subjects), derived from the same
     * data key with HKDF under its own label, so a deployment needs no further secret and no derived key reveals the
     * data key or another derived key.
     *
     * @param purpose a stable label, e.g. {@code otp-code}; changing it changes the key
     * @param length key length in bytes, 16 to 64
     * @return a fresh copy the caller may wipe
     */
    public byte[] deriveKey(String purpose, int length) {
        Objects.requireNonNull(purpose, "purpose");
        if (purpose.isBlank() || length < 16 || length > 64) {
            throw new IllegalArgumentException("A derived key needs a purpose and 16 to 64 bytes");
        }
        return Hkdf.derive(derivationKey, SALT, (DERIVED_PREFIX + purpose).getBytes(StandardCharsets.UTF_8), length);
    }

    private static byte[] associatedData(PersonalDataKind kind) {
        return (PREFIX + kind.name() + ":").getBytes(StandardCharsets.UTF_8);
    }

    /** Never reveals key material. */
    @Override
    public String toString() {
        return "PersonalDataProtector[" + FORMAT + "]";
    }
}
