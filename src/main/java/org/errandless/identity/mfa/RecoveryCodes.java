package org.errandless.identity.mfa;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time recovery codes: for a staff member whose authenticator app is gone. Ten per set, each ten characters of a
 * 32-letter alphabet without look-alikes (0/O, 1/I), 50 bits, shown as {@code ABCDE-FGHJK}. They are stored only as
 * keyed hashes (HMAC-SHA256 with a key derived from the data key, over the account id and the normalised code), so a
 * database dump alone does not let anyone test guesses, and one account's hash says nothing about another's.
 */
public final class RecoveryCodes {

    /** Codes in a set. */
    public static final int COUNT = 10;
    /** Characters of a code (without the hyphen). */
    public static final int LENGTH = 10;
    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param key the hashing key, 32 bytes; the array is not kept */
    public RecoveryCodes(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        Arrays.fill(key, (byte) 0);
    }

    /** A new set of {@value #COUNT} codes, formatted for people ({@code ABCDE-FGHJK}). */
    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        while (codes.size() < COUNT) {
            StringBuilder code = new StringBuilder(LENGTH + 1);
            for (int i = 0; i < LENGTH; i++) {
                if (i == LENGTH / 2) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            if (!codes.contains(code.toString())) {
                codes.add(code.toString());
            }
        }
        return codes;
    }

    /**
     * The code as it is hashed: upper case, without spaces and hyphens; empty when it cannot be a recovery code at
     * all (another length, or a character outside the alphabet).
     */
    public static Optional<String> normalise(String given) {
        if (given == null) {
            return Optional.empty();
        }
        String compact = given.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (compact.length() != LENGTH || !compact.chars().allMatch(character -> ALPHABET.indexOf(character) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(compact);
    }

    /** The stored form of a normalised code of this account: base64url HMAC-SHA256, 43 characters. */
    public String hash(UUID accountId, String normalised) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((accountId + ":").getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(normalised.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
