package org.errandless.common.web;

import java.io.UncheckedIOException;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A JSON representation serialised once and kept with its strong tag ({@link ETags#strong}), for answers that are
 * the same for many requests (reference data, a rendered application): a 304 costs a comparison, a 200 writes the
 * bytes as they are. Treat {@link #bytes()} as read-only.
 *
 * @param bytes the exact bytes served
 * @param etag their strong tag
 */
public record PreparedBody(byte[] bytes, String etag) {

    /** Serialises {@code body} with {@code json} (the mapper the REST layer uses) and tags it. */
    public static PreparedBody of(ObjectMapper json, Object body) {
        try {
            return of(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tags bytes already serialised. */
    public static PreparedBody of(byte[] bytes) {
        return new PreparedBody(bytes, ETags.strong(bytes));
    }

    /** Whether a GET with this {@code If-None-Match} header is answered 304 ({@link ETags#notModified}). */
    public boolean notModified(String ifNoneMatch) {
        return ETags.notModified(ifNoneMatch, etag);
    }

    /**
     * Answers a GET as {@link ETags#conditionalGet} does: 304 with the tag when {@code ifNoneMatch} matches, else 200
     * with the JSON bytes and the tag; further headers added to the builder go on both.
     */
    public Response.ResponseBuilder conditionalGet(String ifNoneMatch) {
        if (notModified(ifNoneMatch)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag);
        }
        return Response.ok(bytes, MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.ETAG, etag);
    }
}
