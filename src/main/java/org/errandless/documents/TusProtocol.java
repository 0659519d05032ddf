package org.errandless.documents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;

/**
 * The tus 1.0.0 protocol's headers and their parsing (https://tus.io/protocols/resumable-upload): what we speak,
 * and how a malformed header becomes a problem with the header's name.
 */
final class TusProtocol {

    static final String VERSION = "1.0.0";
    static final String EXTENSIONS = "creation,creation-with-upload,checksum,expiration,termination";
    static final String CHECKSUM_ALGORITHMS = "sha1,sha256";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

    static final String TUS_RESUMABLE = "Tus-Resumable";
    static final String TUS_VERSION = "Tus-Version";
    static final String TUS_EXTENSION = "Tus-Extension";
    static final String TUS_MAX_SIZE = "Tus-Max-Size";
    static final String TUS_CHECKSUM_ALGORITHM = "Tus-Checksum-Algorithm";
    static final String UPLOAD_OFFSET = "Upload-Offset";
    static final String UPLOAD_LENGTH = "Upload-Length";
    static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";
    static final String UPLOAD_METADATA = "Upload-Metadata";
    static final String UPLOAD_CHECKSUM = "Upload-Checksum";
    static final String UPLOAD_EXPIRES = "Upload-Expires";

    /** Longest Upload-Metadata we keep (it is echoed on every HEAD). */
    static final int MAX_METADATA = 4096;

    /** RFC 9110 IMF-fixdate, as tus wants Upload-Expires. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private TusProtocol() {
    }

    /** The client's Upload-Checksum: algorithm and expected digest. */
    record Checksum(String algorithm, byte[] expected) {

        MessageDigest digest() {
            try {
                return MessageDigest.getInstance(algorithm.equals("sha1") ? "SHA-1" : "SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 and SHA-256 are part of every Java runtime", e);
            }
        }
    }

    /** Upload-Metadata: the raw header and the pairs we use from it. */
    record Metadata(String raw, String filename, String kind) {
    }

    /**
     * Refuses a request that does not speak our version: 412 {@code tus-version-unsupported} with {@code Tus-Version}.
     * tus requires the header on every request but OPTIONS.
     */
    static void requireVersion(String tusResumable) {
        if (!VERSION.equals(tusResumable == null ? null : tusResumable.trim())) {
            throw new ProblemException(412, "tus-version-unsupported", tusResumable == null
                    ? "The Tus-Resumable header is missing; this server speaks tus " + VERSION
                    : "This server speaks tus " + VERSION + ", not " + tusResumable, List.of(),
                    Map.of(TUS_VERSION, VERSION));
        }
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    /** A non-negative decimal header value (Upload-Length, Upload-Offset). */
    static long nonNegative(String name, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(name, "is required", "required");
        }
        String text = value.trim();
        if (text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(name, "must be a non-negative integer", "wrong-type");
        }
        return Long.parseLong(text);
    }

    /**
     * Parses Upload-Metadata: comma-separated pairs of a key (no spaces or commas, unique) and, after one space, the
     * value in base64. {@code filename} and {@code kind} are used; {@code filetype} (the client's claimed type) and
     * anything else are kept only as the raw header: the type is detected from the bytes.
     */
    static Metadata metadata(String header) {
        if (header == null || header.isBlank()) {
            return new Metadata(null, null, null);
        }
        if (header.length() > MAX_METADATA) {
            throw invalid(UPLOAD_METADATA, "is longer than " + MAX_METADATA + " characters", "too-long");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : header.split(",", -1)) {
            String trimmed = pair.trim();
            int space = trimmed.indexOf(' ');
            String key = space < 0 ? trimmed : trimmed.substring(0, space);
            String encoded = space < 0 ? "" : trimmed.substring(space + 1).trim();
            if (key.isEmpty() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',')) {
                throw invalid(UPLOAD_METADATA, "has an empty or malformed key", "malformed");
            }
            if (pairs.containsKey(key)) {
                throw invalid(UPLOAD_METADATA, "names the key " + key + " twice", "malformed");
            }
            try {
                pairs.put(key, new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw invalid(UPLOAD_METADATA, "the value of " + key + " is not base64", "malformed");
            }
        }
        String kind = pairs.get("kind");
        if (kind != null && (kind.isBlank() || kind.length() > 64)) {
            throw invalid(UPLOAD_METADATA, "kind must be 1 to 64 characters", "too-long");
        }
        return new Metadata(header.trim(), pairs.getOrDefault("filename", pairs.get("name")), kind);
    }

    /**
     * Parses Upload-Checksum: {@code <algorithm> <base64 digest>}; sha1 and sha256 are supported, anything else is
     * 400 {@code validation-failed} (tus: 400 for an unsupported algorithm).
     */
    static Checksum checksum(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String[] parts = header.trim().split(" +");
        if (parts.length != 2) {
            throw invalid(UPLOAD_CHECKSUM, "must be an algorithm and a base64 digest", "malformed");
        }
        String algorithm = parts[0].toLowerCase(Locale.ROOT);
        if (!algorithm.equals("sha1") && !algorithm.equals("sha256")) {
            throw invalid(UPLOAD_CHECKSUM, "algorithm " + parts[0] + " is not supported; use one of "
                    + CHECKSUM_ALGORITHMS, "checksum-algorithm-unsupported");
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid(UPLOAD_CHECKSUM, "the digest is not base64", "malformed");
        }
        if (expected.length != (algorithm.equals("sha1") ? 20 : 32)) {
            throw invalid(UPLOAD_CHECKSUM, "the digest has the wrong length for " + algorithm, "malformed");
        }
        return new Checksum(algorithm, expected);
    }

    static ProblemException invalid(String header, String reason, String code) {
        return ProblemException.validation(List.of(new Problem.InvalidParam(header, reason, code)));
    }
}
