package org.errandless.common.web.idempotency;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import org.errandless.common.web.idempotency.IdempotencyRecords.Claimed;
import org.errandless.common.web.idempotency.IdempotencyRecords.StoredResponse;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Settles the claim of an {@link Idempotent} request once its answer exists: a final answer (2xx, 4xx) is stored for
 * replay (one that carries secrets, {@link SecretAnswer}, only for the secret retry window), anything that invites a
 * retry (5xx, 408, 425, 429) or a corrected request (412, 428: a retry with the right {@code If-Match} must be
 * evaluated, not answered with the old refusal) gives the key back.
 *
 * <p>Response filters run in descending priority, so the low priority makes this the last one: it stores the headers
 * every other filter has set. JSON entities are serialized here with the application's {@link ObjectMapper} and the
 * bytes are sent in their place, so the first answer and every replay are byte for byte the same.
 */
@Idempotent
@Provider
@Priority(100)
public class IdempotencyResponseFilter implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(IdempotencyResponseFilter.class);
    /**
     * Not outcomes but "try again later" or "try again with the current ETag": storing them would turn a passing
     * condition into a 24-hour one.
     */
    private static final Set<Integer> RETRY_LATER = Set.of(408, 412, 425, 428, 429);
    private static final String CLAIM_PROPERTY = IdempotencyRequestFilter.CLAIM;

    @Inject
    IdempotencyRecords records;
    @Inject
    ObjectMapper json;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIM_PROPERTY) instanceof IdempotencyRequestFilter.Pending pending)) {
            return; // no key, or a replay or refusal decided by the request filter
        }
        Claimed claim = pending.claim();
        request.removeProperty(CLAIM_PROPERTY);
        int status = response.getStatus();
        if (status >= 500 || RETRY_LATER.contains(status)) {
            release(claim, request);
            return;
        }
        StoredResponse stored;
        try {
            stored = capture(response);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf(e, "Cannot store the answer of %s for replay; releasing its Idempotency-Key",
                    request.getUriInfo().getPath());
            release(claim, request);
            return;
        }
        if (stored == null) {
            LOG.warnf("The answer of %s (%s) cannot be replayed; releasing its Idempotency-Key",
                    request.getUriInfo().getPath(), response.getEntity().getClass().getName());
            release(claim, request);
            return;
        }
        try {
            records.complete(claim, stored, pending.secretAnswer());
        } catch (RuntimeException e) {
            // the work is done and committed: the client gets its answer; a retry meets the claim in flight until
            // the in-flight timeout
            LOG.errorf(e, "Storing the answer of %s for replay failed", request.getUriInfo().getPath());
        }
    }

    /** Gives the key back; if even that fails, the claim ends with the in-flight timeout instead. */
    private void release(Claimed claim, ContainerRequestContext request) {
        try {
            records.release(claim);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Releasing the Idempotency-Key of %s failed", request.getUriInfo().getPath());
        }
    }

    /** The answer as it will go out, or {@code null} if its body cannot be captured (streams, files). */
    private StoredResponse capture(ContainerResponseContext response) throws JsonProcessingException {
        Object entity = response.getEntity();
        MediaType type = response.getMediaType();
        byte[] body;
        if (entity == null) {
            body = null;
        } else if (entity instanceof byte[] bytes) {
            body = bytes;
        } else if (entity instanceof String text) {
            body = text.getBytes(charset(type));
        } else if (type == null || isJson(type)) {
            body = json.writeValueAsBytes(entity);
            type = type == null ? MediaType.APPLICATION_JSON_TYPE : type;
            response.setEntity(body, response.getEntityAnnotations(), type);
        } else {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null && type != null) {
            headers.put(HttpHeaders.CONTENT_TYPE, type.toString());
        }
        copy(response, HttpHeaders.LOCATION, headers);
        copy(response, HttpHeaders.ETAG, headers);
        return new StoredResponse(response.getStatus(), headers, body);
    }

    private static void copy(ContainerResponseContext response, String name, Map<String, String> headers) {
        String value = response.getHeaderString(name);
        if (value != null) {
            headers.put(name, value);
        }
    }

    private static boolean isJson(MediaType type) {
        return "json".equalsIgnoreCase(type.getSubtype()) || type.getSubtype().toLowerCase().endsWith("+json");
    }

    private static Charset charset(MediaType type) {
        String name = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
