package org.errandless.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import org.errandless.common.web.idempotency.Idempotent;

/**
 * Makes the tus creation headers part of what an {@code Idempotency-Key} guards. The idempotency mechanism hashes
 * method, path and body; a tus creation says what it creates in headers ({@code Upload-Length},
 * {@code Upload-Metadata}), so a retry with the same key but another length would otherwise replay the first
 * answer. This filter runs just before the idempotency filter and puts those headers in front of the body, where
 * the hash sees them; {@link UploadResource} skips them again ({@link Prefix}). Without a key it does nothing.
 */
@TusCreation
@Provider
@Priority(Priorities.USER + 400)
public class TusCreationHeaders implements ContainerRequestFilter {

    private static final List<String> HASHED = List.of(TusProtocol.UPLOAD_LENGTH, TusProtocol.UPLOAD_DEFER_LENGTH,
            TusProtocol.UPLOAD_METADATA, TusProtocol.UPLOAD_CHECKSUM, HttpHeaders.CONTENT_TYPE);

    @Inject
    Prefix prefix;

    /** How many bytes of the entity stream are the headers put there, per request. */
    @RequestScoped
    public static class Prefix {

        private int length;

        void put(int bytes) {
            length = bytes;
        }

        /** Skips the headers this filter put in front of the body. */
        InputStream skip(InputStream body) throws IOException {
            if (length > 0 && body != null) {
                body.skipNBytes(length);
                length = 0;
            }
            return body;
        }
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (request.getHeaderString(Idempotent.HEADER) == null) {
            return;
        }
        StringBuilder headers = new StringBuilder("tus-creation\n");
        for (String name : HASHED) {
            String value = request.getHeaderString(name);
            headers.append(name).append(':').append(value == null ? "" : value.length() + ":" + value).append('\n');
        }
        byte[] bytes = headers.toString().getBytes(StandardCharsets.UTF_8);
        InputStream body = request.getEntityStream();
        request.setEntityStream(body == null ? new ByteArrayInputStream(bytes)
                : new SequenceInputStream(new ByteArrayInputStream(bytes), body));
        // through a method: the injected bean is a client proxy, its fields are not the request's
        prefix.put(bytes.length);
    }
}
