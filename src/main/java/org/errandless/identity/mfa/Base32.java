package org.errandless.identity.mfa;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * RFC 4648 base32 without padding: how authenticator apps take a TOTP secret (the {@code secret} of an
 * {@code otpauth://} URI, or typed in by hand). Decoding ignores case, spaces and padding, as the apps do.
 */
public final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {
    }

    /** The base32 text of these bytes, upper case, without padding. */
    public static String encode(byte[] bytes) {
        StringBuilder text = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte value : bytes) {
            buffer = (buffer << 8) | (value & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return text.toString();
    }

    /**
     * The bytes of a base32 text.
     *
     * @throws IllegalArgumentException for a character outside the alphabet
     */
    public static byte[] decode(String text) {
        String compact = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(compact.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < compact.length(); i++) {
            int value = ALPHABET.indexOf(compact.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("Not a base32 character at position " + i);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return bytes.toByteArray();
    }
}
