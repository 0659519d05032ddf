package org.errandless.common.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds what PostgreSQL refuses to store as text in what a client sends, so the request is refused as malformed at
 * the door instead of failing with a database error deep inside (a 500, or worse, half a change).
 *
 * <p>PostgreSQL's {@code text} (in a UTF-8 database) holds any Unicode character except NUL; the driver sends Java
 * strings as UTF-8, and a lone UTF-16 surrogate, which no UTF-8 can encode, silently becomes {@code ?}. {@code jsonb}
 * refuses the escape {@code \u0000} and a lone surrogate escape outright. So a request is refused when:
 * <ul>
 * <li>its target (path or query) holds a NUL, raw or percent-encoded ({@code %00});</li>
 * <li>a header name or value holds a NUL;</li>
 * <li>a JSON body is not well-formed UTF-8, or holds a NUL (a raw byte or {@code \u0000}) or an escaped surrogate
 * that is not half of a pair;</li>
 * <li>a form body holds a NUL, raw or percent-encoded.</li>
 * </ul>
 * Everything else (an unparsable body, a wrong type) is left to the parsers, which answer as they always did.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why a request target (path and query, as sent: still percent-encoded) cannot be stored, if it cannot. */
    public static Optional<String> inTarget(String uri) {
        if (uri != null && (uri.indexOf('\0') >= 0 || uri.toLowerCase(Locale.ROOT).contains("%00"))) {
            return Optional.of("The request path or query contains a NUL character");
        }
        return Optional.empty();
    }

    /** Why a header cannot be stored, if it cannot. */
    public static Optional<String> inHeader(String name, String value) {
        if ((name != null && name.indexOf('\0') >= 0) || (value != null && value.indexOf('\0') >= 0)) {
            return Optional.of("A request header contains a NUL character");
        }
        return Optional.empty();
    }

    /**
     * Why a body cannot be stored, if it cannot; bodies of other types than JSON, forms and text pass unchecked.
     *
     * @param contentType the request's {@code Content-Type}, or {@code null}
     */
    public static Optional<String> inBody(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        String mediaType = (parameters >= 0 ? type.substring(0, parameters) : type).strip();
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            return inJson(body);
        }
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            return containsNul(body) || new String(body, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                    .contains("%00") ? Optional.of("The form contains a NUL character") : Optional.empty();
        }
        if (mediaType.startsWith("text/")) {
            return containsNul(body) ? Optional.of("The body contains a NUL character") : Optional.empty();
        }
        return Optional.empty();
    }

    /** Why a JSON text cannot be stored, if it cannot (see the class comment). */
    public static Optional<String> inJson(byte[] body) {
        String text;
        try {
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            text = strict.decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return Optional.of("The request body is not valid UTF-8");
        }
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return Optional.of("The request body contains a NUL character");
            }
            if (c != '\\' || i + 1 >= length) {
                continue;
            }
            if (text.charAt(i + 1) != 'u') {
                // a two-character escape (\" \\ \n ...): skip both, so an escaped backslash never starts an escape
                i++;
                continue;
            }
            int unit = hex(text, i + 2);
            if (unit < 0) {
                // not a valid escape: the JSON parser refuses it
                i++;
                continue;
            }
            if (unit == 0) {
                return Optional.of("The request body contains a NUL character (\\u0000)");
            }
            if (Character.isLowSurrogate((char) unit)) {
                return Optional.of("The request body contains half a surrogate pair");
            }
            if (Character.isHighSurrogate((char) unit)) {
                int next = i + 6 + 1 < length && text.charAt(i + 6) == '\\' && text.charAt(i + 7) == 'u'
                        ? hex(text, i + 8) : -1;
                if (next < 0 || !Character.isLowSurrogate((char) next)) {
                    return Optional.of("The request body contains half a surrogate pair");
                }
                i += 6;
            }
            i += 5;
        }
        return Optional.empty();
    }

    private static boolean containsNul(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** The four hex digits at {@code from} as a number, or -1. */
    private static int hex(String text, int from) {
        if (from + 4 > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            char c = text.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
