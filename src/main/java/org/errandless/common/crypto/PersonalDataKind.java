package org.errandless.common.crypto;

import java.util.Locale;

/**
 * The kinds of personal data the {@link PersonalDataProtector} protects, each with its own normalisation.
 *
 * <p>The kind is bound into every ciphertext (as associated data) and every blind index, so a phone number's ciphertext
 * can never be read back as an ID number and equal values of different kinds never share a blind index.
 * Normalisation runs before encryption and hashing, so {@code 11010519491231002x} and {@code 11010519491231002X}, or
 * {@code +86 138-0000-0001} and {@code 13800000001}, are the same value to every lookup.
 */
public enum PersonalDataKind {

    /** A resident ID number (GB 11643-1999): surrounding whitespace dropped, a lowercase check character upper-cased. */
    ID_NUMBER {
        @Override
        public String normalise(String value) {
            return value.strip().toUpperCase(Locale.ROOT);
        }
    },

    /**
     * A mainland mobile number: spaces, hyphens and parentheses dropped, and a leading {@code +86}, {@code 0086} or
     * (for a 13-digit value) {@code 86} removed, so the result is the 11-digit national number.
     */
    PHONE {
        @Override
        public String normalise(String value) {
            String compact = value.strip().replaceAll("[\\s\\-()]", "");
            if (compact.startsWith("+86")) {
                return compact.substring(3);
            }
            if (compact.startsWith("0086")) {
                return compact.substring(4);
            }
            if (compact.length() == 13 && compact.startsWith("86")) {
                return compact.substring(2);
            }
            return compact;
        }
    },

    /**
     * A staff member's TOTP secret (base32, as the authenticator app got it): not personal data, but a secret that a
     * database dump must not reveal, so it is encrypted the same way under its own associated data. Kept as given.
     */
    TOTP_SECRET {
        @Override
        public String normalise(String value) {
            return value;
        }
    };

    /** The canonical form stored and hashed; never {@code null} for a non-null value. */
    public abstract String normalise(String value);
}
