package org.errandless.common.web.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;

/** Reading the {@code Idempotency-Key} header, and the keyed fingerprints of the request it guards and its caller. */
final class IdempotencyKeys {

    static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {
    }

    /**
     * The key of a request: one header value of 1..255 printable ASCII characters. The draft defines the field as a
     * structured-field string ({@code "abc"}); most clients send the bare token, so both are accepted and mean the
     * same key.
     *
     * @throws ProblemException 400 {@code validation-failed} naming {@code Idempotency-Key}
     */
    static String parse(List<String> values) {
        if (values.size() != 1) {
            throw invalid("must be sent once");
        }
        String key = unquote(values.get(0));
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw invalid("must be 1 to " + MAX_LENGTH + " printable ASCII characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw invalid("must be 1 to " + MAX_LENGTH + " printable ASCII characters");
            }
        }
        return key;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder key = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 == value.length() - 1) {
                    throw invalid("is not a well-formed quoted string");
                }
                c = value.charAt(++i);
                if (c != '\\' && c != '"') {
                    throw invalid("is not a well-formed quoted string");
                }
            } else if (c == '"') {
                throw invalid("is not a well-formed quoted string");
            }
            key.append(c);
        }
        return key.toString();
    }

    /**
     * HMAC-SHA256 (hex) over what makes two requests "the same": method, raw path, raw query and body. Each part is
     * length-prefixed so no two different requests can produce the same input. A body cut at the hashing limit
     * also contributes its full length. Keyed, because the body may be a phone number, a name and ID number or a
     * password: an unkeyed hash of it in the database could be reversed by trying every value.
     */
    static String requestHash(byte[] key, String method, String rawPath, String rawQuery, byte[] body,
            int bodyLength, long fullLength) {
        Mac mac = mac(key);
        part(mac, method.getBytes(StandardCharsets.UTF_8), -1);
        part(mac, rawPath.getBytes(StandardCharsets.UTF_8), -1);
        part(mac, rawQuery == null ? new byte[0] : rawQuery.getBytes(StandardCharsets.UTF_8), -1);
        mac.update(Long.toString(fullLength).getBytes(StandardCharsets.US_ASCII));
        part(mac, body, bodyLength);
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** HMAC-SHA256 (base64url) of a caller's credential and its kind: the scope of that caller's keys. */
    static String callerHash(byte[] key, String kind, String credential) {
        Mac mac = mac(key);
        part(mac, kind.getBytes(StandardCharsets.UTF_8), -1);
        part(mac, credential.getBytes(StandardCharsets.UTF_8), -1);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    private static void part(Mac mac, byte[] bytes, int length) {
        int used = length < 0 ? bytes.length : length;
        mac.update((used + ":").getBytes(StandardCharsets.US_ASCII));
        mac.update(bytes, 0, used);
        mac.update((byte) '\n');
    }

    private static ProblemException invalid(String reason) {
        return ProblemException.validation(List.of(new Problem.InvalidParam(Idempotent.HEADER, reason,
                "wrong-format")));
    }
}
