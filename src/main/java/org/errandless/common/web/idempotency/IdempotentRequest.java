package org.errandless.common.web.idempotency;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.MultiMap;

/**
 * What an {@link IdempotencyCaller} may read of a request to find its credential: headers, form fields and the
 * top-level string fields of a JSON body. A field sent twice, a body too large to be read whole, or a body that does
 * not parse yields nothing, so such a request proves no caller (and runs without its key).
 */
public final class IdempotentRequest {

    private final ContainerRequestContext request;
    private final byte[] body;
    private final boolean complete;
    private final MultiMap form;
    private final ObjectMapper json;
    private JsonNode parsed;
    private boolean parsedOnce;

    IdempotentRequest(ContainerRequestContext request, byte[] body, boolean complete, MultiMap form,
            ObjectMapper json) {
        this.request = request;
        this.body = body;
        this.complete = complete;
        this.form = form;
        this.json = json;
    }

    /** The value of a header sent exactly once, or empty. */
    public Optional<String> header(String name) {
        List<String> values = request.getHeaders().get(name);
        return values == null || values.size() != 1 ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** The value of a form field ({@code application/x-www-form-urlencoded}) sent exactly once, or empty. */
    public Optional<String> formField(String name) {
        if (form != null && !form.isEmpty()) {
            List<String> values = form.getAll(name);
            return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
        }
        if (!complete || body.length == 0 || !isForm()) {
            return Optional.empty();
        }
        String found = null;
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int equals = pair.indexOf('=');
            String field = equals < 0 ? pair : pair.substring(0, equals);
            try {
                if (name.equals(URLDecoder.decode(field, StandardCharsets.UTF_8))) {
                    if (found != null) {
                        return Optional.empty();
                    }
                    found = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(found);
    }

    /** A top-level string field of a JSON object body, or empty. */
    public Optional<String> jsonField(String name) {
        if (!parsedOnce) {
            parsedOnce = true;
            if (complete && body.length > 0) {
                try {
                    parsed = json.readTree(body);
                } catch (IOException e) {
                    parsed = null;
                }
            }
        }
        if (parsed == null || !parsed.isObject()) {
            return Optional.empty();
        }
        JsonNode field = parsed.get(name);
        return field != null && field.isTextual() ? Optional.of(field.asText()) : Optional.empty();
    }

    private boolean isForm() {
        MediaType type = request.getMediaType();
        return type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    }
}
