package org.errandless.identity.otp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Six-digit codes and their stored form.
 *
 * <p>A code is stored as HMAC-SHA256 under a server key over the challenge id and the code. A plain hash of a six-digit
 * code falls to a brute force in microseconds; the key makes the stored value useless without it, and binding the
 * challenge id makes equal codes of different challenges look unrelated. Codes are compared in constant time.
 */
final class OtpCodes {

    /** Digits in a code. */
    static final int LENGTH = 6;
    private static final int BOUND = 1_000_000;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    OtpCodes(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("The OTP key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A fresh, uniformly random code with leading zeros kept. */
    String newCode() {
        return String.format("%06d", random.nextInt(BOUND));
    }

    /** The stored form of a code: lowercase hex of the HMAC. */
    String hash(UUID challengeId, String code) {
        return HexFormat.of().formatHex(mac(challengeId, code));
    }

    /** Whether the presented code is the one stored, compared in constant time. */
    boolean matches(UUID challengeId, String presented, String storedHash) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, mac(challengeId, presented));
    }

    private byte[] mac(UUID challengeId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal((challengeId + ":" + code).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
