package org.errandless.documents;

import java.text.Normalizer;

/**
 * The client's file name, kept only as metadata: never used as a path, so it is reduced to its last segment and
 * stripped of control characters and of characters that misbehave in headers and file systems.
 */
final class FileNames {

    static final int MAX_LENGTH = 255;
    private static final String FALLBACK = "document";

    private FileNames() {
    }

    static String sanitise(String name) {
        if (name == null) {
            return FALLBACK;
        }
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String normal = Normalizer.normalize(last, Normalizer.Form.NFC);
        StringBuilder clean = new StringBuilder(normal.length());
        normal.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || "\"<>:|?*;".indexOf(c) >= 0 || Character.getType(c) == Character.FORMAT) {
                clean.append('_');
            } else {
                clean.appendCodePoint(c);
            }
        });
        String result = clean.toString().strip();
        while (result.startsWith(".")) {
            result = result.substring(1);
        }
        if (result.isBlank()) {
            return FALLBACK;
        }
        if (result.length() > MAX_LENGTH) {
            result = result.substring(0, result.offsetByCodePoints(0, result.codePointCount(0, MAX_LENGTH - 1)));
        }
        return result;
    }

    /** An ASCII-only stand-in for the {@code filename} parameter of {@code Content-Disposition}. */
    static String asciiFallback(String name) {
        StringBuilder ascii = new StringBuilder(name.length());
        name.chars().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? (char) c : '_'));
        return ascii.toString();
    }
}
