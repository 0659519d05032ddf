package org.errandless.common.web;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Strong entity tags and conditional requests (RFC 9110 §8.8.3, §13.1.1, §13.1.2).
 *
 * <p>A tag is the quoted, unpadded base64url SHA-256 of the exact bytes of the representation served to the caller,
 * e.g. {@code "3q2-7wX..."}: it changes whenever anything the caller sees changes (status, a date-dependent field,
 * a role-dependent field), and two callers who see different bodies never share a tag. To make that true by
 * construction, {@link #conditionalGet} serializes the body once, hashes those bytes and sends those same bytes.
 *
 * <p>Typical use in a resource:
 * <pre>{@code
 * @GET
 * public Response get(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
 *     return ETags.conditionalGet(json, service.view(...), ifNoneMatch).build();
 * }
 * }</pre>
 * and for a state-changing request guarded by {@code If-Match}: compute the tag of the caller's current view the
 * same way ({@link #of}) and test it with {@link #ifMatchSatisfied}.
 */
public final class ETags {

    /** The tag value matching any current representation. */
    public static final String ANY = "*";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ETags() {
    }

    /**
     * The strong tag of a representation.
     *
     * @param representation the exact bytes served
     * @return the quoted tag, ready for the {@code ETag} header
     */
    public static String strong(byte[] representation) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(representation);
            return '"' + BASE64URL.encodeToString(digest) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The strong tag of a text representation, hashed as UTF-8. */
    public static String strong(String representation) {
        return strong(representation.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The strong tag of a body as {@code json} serializes it: use the same {@link ObjectMapper} the REST layer uses
     * (inject it), so the tag equals the one {@link #conditionalGet} sends.
     */
    public static String of(ObjectMapper json, Object body) {
        return strong(serialize(json, body));
    }

    /**
     * Answers a GET: 304 Not Modified with the tag and no body when {@code ifNoneMatch} matches the current
     * representation, otherwise 200 with the JSON body and its tag. Add further headers (e.g. {@code Cache-Control})
     * to the returned builder; they then go on both answers, as RFC 9110 §15.4.5 asks.
     *
     * @param json the mapper the REST layer uses
     * @param body the representation for this caller
     * @param ifNoneMatch the request's {@code If-None-Match} header, or null
     */
    public static Response.ResponseBuilder conditionalGet(ObjectMapper json, Object body, String ifNoneMatch) {
        byte[] bytes = serialize(json, body);
        String tag = strong(bytes);
        if (notModified(ifNoneMatch, tag)) {
            return Response.notModified().header(HttpHeaders.ETAG, tag);
        }
        return Response.ok(bytes, MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.ETAG, tag);
    }

    /**
     * Whether an {@code If-None-Match} header matches the current tag, so a GET answers 304 (RFC 9110 §13.1.2):
     * {@code *} matches any current representation; otherwise any listed tag matches by <em>weak</em> comparison
     * ({@code W/"x"} matches {@code "x"}). Absent, blank or unparsable headers match nothing.
     *
     * @param ifNoneMatch the header value (several header lines joined by commas), or null
     * @param currentTag the current representation's tag
     */
    public static boolean notModified(String ifNoneMatch, String currentTag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank() || currentTag == null) {
            return false;
        }
        if (ifNoneMatch.trim().equals(ANY)) {
            return true;
        }
        String current = opaque(currentTag);
        for (String tag : parse(ifNoneMatch)) {
            if (opaque(tag).equals(current)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an {@code If-Match} header allows a state-changing request (RFC 9110 §13.1.1): {@code *} allows it
     * when the resource exists; otherwise a listed tag must equal the current tag by <em>strong</em> comparison
     * (weak tags never match). Absent headers are the caller's business: API.md answers 428 for them.
     *
     * @param ifMatch the header value, or null
     * @param currentTag the current representation's tag
     */
    public static boolean ifMatchSatisfied(String ifMatch, String currentTag) {
        if (ifMatch == null || ifMatch.isBlank() || currentTag == null || isWeak(currentTag)) {
            return false;
        }
        if (ifMatch.trim().equals(ANY)) {
            return true;
        }
        for (String tag : parse(ifMatch)) {
            if (!isWeak(tag) && tag.equals(currentTag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entity tags listed in an {@code If-Match}/{@code If-None-Match} header, each as sent (quoted, with its
     * {@code W/} prefix if weak). Malformed members are skipped rather than failing the request.
     */
    public static List<String> parse(String header) {
        List<String> tags = new ArrayList<>();
        if (header == null) {
            return tags;
        }
        int length = header.length();
        int i = 0;
        while (i < length) {
            char c = header.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            if (header.startsWith("W/", i)) {
                i += 2;
            }
            if (i < length && header.charAt(i) == '"') {
                // an opaque tag may contain commas, so it ends only at the closing quote
                int end = header.indexOf('"', i + 1);
                if (end < 0) {
                    break;
                }
                tags.add(header.substring(start, end + 1));
                i = end + 1;
            } else {
                int comma = header.indexOf(',', i);
                i = comma < 0 ? length : comma + 1;
            }
        }
        return tags;
    }

    private static boolean isWeak(String tag) {
        return tag.startsWith("W/");
    }

    private static String opaque(String tag) {
        return isWeak(tag) ? tag.substring(2) : tag;
    }

    private static byte[] serialize(ObjectMapper json, Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
