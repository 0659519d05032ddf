package org.errandless.common.web.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.common.crypto.PersonalDataProtector;

/**
 * Encrypts stored answers (AES-256-GCM, key derived from the data key): a replayable answer may hold personal data or
 * a fresh token pair, and a dump of the database alone must reveal neither. The scope and key are bound in as
 * associated data, so an answer cannot be moved to another caller's key.
 */
@ApplicationScoped
public class ResponseSealer {

    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Inject
    public ResponseSealer(PersonalDataProtector protector) {
        this.key = new SecretKeySpec(protector.deriveKey("idempotency-response", 32), "AES");
    }

    /** The sealed form of an answer body ({@code null} stays {@code null}). */
    public byte[] seal(String scope, String idempotencyKey, byte[] body) {
        if (body == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_LENGTH];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(scope, idempotencyKey));
            byte[] sealed = cipher.doFinal(body);
            return ByteBuffer.allocate(IV_LENGTH + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing an idempotent answer failed", e);
        }
    }

    /** The answer body of a sealed form; fails on anything tampered with or sealed for another key. */
    public byte[] open(String scope, String idempotencyKey, byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_LENGTH));
            cipher.updateAAD(associatedData(scope, idempotencyKey));
            return cipher.doFinal(sealed, IV_LENGTH, sealed.length - IV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored idempotent answer does not open", e);
        }
    }

    private static byte[] associatedData(String scope, String idempotencyKey) {
        return (scope + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8);
    }
}
