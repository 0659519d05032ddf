package org.errandless.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit trail's hash chain: a canonical content string per event and SHA-256 over it and the previous hash.
 *
 * <p>Canonical form, version 1: the tag {@code errandless-audit-v1}, then each field in a fixed order (id, occurred
 * at, actor type, actor id, actor label, action, target type, target id, outcome, request id, details), each written
 * as {@code |<UTF-8 byte length>:<value>} or {@code |~} for an absent value, so no value can be mistaken for a
 * separator. The time is UTC with exactly six fraction digits, the precision PostgreSQL stores. Details are their
 * count, then key and value of each entry in key order, encoded the same way. The hash is the lower-case hex SHA-256
 * of {@code <previous hash>|<canonical content>}; the first row's previous hash is {@link #GENESIS}.
 *
 * <p>The sequence number is not hashed: it is assigned by the database on insert, and the order is protected by the
 * links anyway.
 */
final class HashChain {

    /** The previous hash of the first row. */
    static final String GENESIS = "0".repeat(64);

    private static final String TAG = "errandless-audit-v1";
    private static final DateTimeFormatter MICROS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private HashChain() {
    }

    /** The instant as PostgreSQL stores a timestamptz: microseconds, the rest cut off (not rounded). */
    static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static String canonical(AuditEvent event) {
        StringBuilder out = new StringBuilder(256).append(TAG);
        field(out, event.id().toString());
        field(out, MICROS.format(storable(event.occurredAt())));
        field(out, event.actorType().name());
        field(out, event.actorId());
        field(out, event.actorLabel());
        field(out, event.action());
        field(out, event.targetType());
        field(out, event.targetId());
        field(out, event.outcome().name());
        field(out, event.requestId());
        Map<String, String> details = new TreeMap<>(event.details());
        field(out, Integer.toString(details.size()));
        details.forEach((key, value) -> {
            field(out, key);
            field(out, value);
        });
        return out.toString();
    }

    static String hash(String previousHash, String canonicalContent) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) '|');
            sha256.update(canonicalContent.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    static String hash(String previousHash, AuditEvent event) {
        return hash(previousHash, canonical(event));
    }

    private static void field(StringBuilder out, String value) {
        out.append('|');
        if (value == null) {
            out.append('~');
        } else {
            out.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
        }
    }
}
