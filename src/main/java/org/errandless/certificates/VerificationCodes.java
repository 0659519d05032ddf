package org.errandless.certificates;

import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Verification codes (核验码): {@value #LENGTH} characters of Crockford's base32 alphabet, the digits and the letters
 * without I, L, O and U (no letter that reads as a digit, and no accidental words), each drawn uniformly from a
 * {@link java.security.SecureRandom}: 60 bits, far beyond guessing at any rate the verification limit allows.
 *
 * <p>People type codes off paper, so {@link #normalise(String)} forgives case, spaces and hyphens, and reads I and L
 * as 1 and O as 0, as Crockford's decoding does.
 */
final class VerificationCodes {

    /** The 32 letters of a code. */
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /** Characters per code. */
    static final int LENGTH = 12;

    private VerificationCodes() {
    }

    /** A new code from this source of randomness (a {@code SecureRandom}, except in property tests). */
    static String next(Random random) {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    /** The code as stored, or empty when the input cannot be a code at all. */
    static Optional<String> normalise(String input) {
        if (input == null || input.length() > 4 * LENGTH) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : input.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            char mapped = switch (c) {
                case 'I', 'L' -> '1';
                case 'O' -> '0';
                default -> c;
            };
            if (ALPHABET.indexOf(mapped) < 0) {
                return Optional.empty();
            }
            code.append(mapped);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }
}
