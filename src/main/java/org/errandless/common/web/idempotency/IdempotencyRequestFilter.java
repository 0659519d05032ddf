package org.errandless.common.web.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import org.errandless.common.problem.ProblemException;
import org.errandless.common.web.idempotency.IdempotencyRecords.Claim;
import org.errandless.common.web.idempotency.IdempotencyRecords.Claimed;
import org.errandless.common.web.idempotency.IdempotencyRecords.Forgotten;
import org.errandless.common.web.idempotency.IdempotencyRecords.InFlight;
import org.errandless.common.web.idempotency.IdempotencyRecords.Replay;
import org.errandless.common.web.idempotency.IdempotencyRecords.StoredResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;

/**
 * Claims the {@code Idempotency-Key} of an {@link Idempotent} request before the endpoint runs, or answers the
 * replay, 409 or 422 instead of running it.
 *
 * <p>Runs after the endpoint's security check (Quarkus REST checks {@code @RolesAllowed} right after matching,
 * before any request filter), so the caller is known ({@link IdempotencyCaller}), and on the worker thread of the
 * blocking endpoint, where reading the body and the database may block. {@code Priorities.USER + 500} puts it after
 * ordinary filters, so a filter that refuses the request does so before a key is spent on it.
 */
@Idempotent
@Provider
@Priority(Priorities.USER + 500)
public class IdempotencyRequestFilter implements ContainerRequestFilter {

    /** Request property carrying the {@link Pending} claim to {@link IdempotencyResponseFilter}. */
    static final String CLAIM = IdempotencyRequestFilter.class.getName() + ".claim";

    @Inject
    IdempotencyRecords records;
    @Inject
    IdempotencyFingerprints fingerprints;
    @Inject
    Instance<IdempotencyCaller> callers;
    @Inject
    ObjectMapper json;
    @Context
    ResourceInfo resourceInfo;
    /** Looked up per request: filters are created at static init, before runtime configuration exists. */
    @Inject
    Instance<IdempotencyConfig> config;
    @Inject
    CurrentVertxRequest vertxRequest;

    private final Map<Class<? extends IdempotencyCaller>, IdempotencyCaller> resolved = new ConcurrentHashMap<>();

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        List<String> values = request.getHeaders().get(Idempotent.HEADER);
        if (values == null || values.isEmpty()) {
            return;
        }
        String key = IdempotencyKeys.parse(values);
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new IllegalStateException("@Idempotent needs a blocking endpoint (it reads the body and the "
                    + "database): " + request.getUriInfo().getPath());
        }
        Method method = resourceInfo.getResourceMethod();
        IdempotencyCaller caller = caller(method);
        Body body = read(request);
        Optional<String> credential = caller.credential(new IdempotentRequest(request, body.head(), !body.cut(),
                formAttributes(), json));
        if (credential.isEmpty()) {
            // proves no caller: it may neither receive nor leave an answer for anyone, so it runs as if keyless
            return;
        }
        Claim claim = claimWithinGrace(fingerprints.scope(caller, credential.get()), key, hash(request, body),
                caller.authenticatesInRequest());
        if (claim instanceof Claimed claimed) {
            request.setProperty(CLAIM, new Pending(claimed, method.isAnnotationPresent(SecretAnswer.class)));
        } else if (claim instanceof Replay replay) {
            caller.beforeReplay(replay.response().status(), replay.response().body());
            request.abortWith(replay(replay.response()));
        } else if (claim instanceof InFlight) {
            throw new ProblemException(409, "idempotency-key-in-flight",
                    "A request with this Idempotency-Key is still being processed; retry shortly", List.of(),
                    Map.of("Retry-After", "1"));
        } else if (claim instanceof Forgotten) {
            throw new ProblemException(409, "idempotency-answer-forgotten", "This request was carried out, but its "
                    + "answer is no longer kept (an answer holding credentials is kept only for a short retry window); "
                    + "look up the result, or use a new Idempotency-Key to do it again", List.of(), Map.of());
        } else {
            throw ProblemException.unprocessable("idempotency-key-reused",
                    "This Idempotency-Key was already used for a different request; use a new key");
        }
    }

    /**
     * Presents the key; while it is in flight with a holder that still looks alive, looks again every
     * {@code in-flight-recheck} up to {@code in-flight-grace} (each look its own short transaction; nothing is held
     * in between). The session of an instance killed a moment ago may not have ended yet, and a first request that
     * finishes meanwhile is replayed rather than refused. At most {@link #MAX_GRACE_WAITERS} retries wait at once
     * on an instance, so a caller repeating its own key cannot park the worker pool.
     */
    private Claim claimWithinGrace(String scope, String key, String requestHash, boolean rerunForgotten) {
        Claim claim = records.claim(scope, key, requestHash, rerunForgotten);
        if (!(claim instanceof InFlight) || !GRACE_WAITERS.tryAcquire()) {
            return claim; // too many retries waiting already: this one answers at once
        }
        try {
            IdempotencyConfig settings = config.get();
            long deadline = System.nanoTime() + settings.inFlightGrace().toNanos();
            long recheck = Math.max(1, settings.inFlightRecheck().toMillis());
            for (long left = deadline - System.nanoTime(); claim instanceof InFlight && left > 0;
                    left = deadline - System.nanoTime()) {
                Thread.sleep(Math.min(recheck, Math.max(1, left / 1_000_000)));
                claim = records.claim(scope, key, requestHash, rerunForgotten);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            GRACE_WAITERS.release();
        }
        return claim;
    }

    /** How many retries of an instance may wait within the in-flight grace at once (see {@link #claimWithinGrace}). */
    static final int MAX_GRACE_WAITERS = 32;
    private static final Semaphore GRACE_WAITERS = new Semaphore(MAX_GRACE_WAITERS);

    /** A claimed request on its way to {@link IdempotencyResponseFilter}. */
    record Pending(Claimed claim, boolean secretAnswer) {
    }

    /** The endpoint's caller strategy ({@link Idempotent#caller()} on the method, else on its class). */
    private IdempotencyCaller caller(Method method) {
        Idempotent idempotent = method == null ? null : method.getAnnotation(Idempotent.class);
        if (idempotent == null && method != null) {
            idempotent = method.getDeclaringClass().getAnnotation(Idempotent.class);
        }
        Class<? extends IdempotencyCaller> type = idempotent == null ? SignedInCaller.class : idempotent.caller();
        return resolved.computeIfAbsent(type, wanted -> callers.select(wanted).get());
    }

    /** The body as read for fingerprinting: its head (all of it unless cut) and its full length. */
    private record Body(byte[] head, boolean cut, long fullLength, int limit) {
    }

    /** Reads the body (large ones only by their head) and puts it back for the endpoint. */
    private Body read(ContainerRequestContext request) throws IOException {
        int limit = (int) Math.min(Integer.MAX_VALUE - 1, config.get().maxHashedBodySize().asLongValue());
        InputStream in = request.getEntityStream();
        byte[] head = in == null ? new byte[0] : in.readNBytes(limit + 1);
        boolean cut = head.length > limit;
        long fullLength = head.length;
        if (cut) {
            String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
            try {
                fullLength = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                fullLength = -1;
            }
            request.setEntityStream(new SequenceInputStream(new ByteArrayInputStream(head), in));
        } else {
            request.setEntityStream(new ByteArrayInputStream(head));
        }
        return new Body(head, cut, fullLength, limit);
    }

    /** The keyed fingerprint of the request; large bodies by their head. */
    private String hash(ContainerRequestContext request, Body read) throws IOException {
        byte[] head = read.head();
        boolean cut = read.cut();
        long fullLength = read.fullLength();
        MediaType type = request.getMediaType();
        boolean multipart = type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE);
        if (head.length == 0 || multipart) {
            // a multipart body parsed to form attributes and files on disk before this filter: hash those, so a
            // retry that a client library frames with a new boundary is still the same request
            byte[] form = formDigest();
            if (form.length > 0) {
                head = form;
                fullLength = form.length;
                cut = false;
            } else if (multipart && type.getParameters().get("boundary") != null) {
                head = withoutBoundary(head, type.getParameters().get("boundary"));
                if (!cut) {
                    fullLength = head.length;
                }
            }
        }
        var uri = request.getUriInfo().getRequestUri();
        return fingerprints.request(request.getMethod(), uri.getRawPath(), uri.getRawQuery(), head,
                cut ? read.limit() : head.length, fullLength);
    }

    /** The form fields parsed before this filter (url-encoded and multipart forms), or {@code null}. */
    private MultiMap formAttributes() {
        RoutingContext context = vertxRequest.getCurrent();
        return context == null ? null : context.request().formAttributes();
    }

    /** The raw multipart body with every occurrence of its boundary replaced by a fixed marker. */
    static byte[] withoutBoundary(byte[] body, String boundary) {
        byte[] needle = boundary.getBytes(StandardCharsets.ISO_8859_1);
        if (needle.length == 0) {
            return body;
        }
        byte[] marker = "{boundary}".getBytes(StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length);
        int i = 0;
        while (i < body.length) {
            if (i <= body.length - needle.length && java.util.Arrays.equals(body, i, i + needle.length, needle, 0,
                    needle.length)) {
                out.write(marker, 0, marker.length);
                i += needle.length;
            } else {
                out.write(body[i++]);
            }
        }
        return out.toByteArray();
    }

    /**
     * A digest of a parsed form: its attributes (sorted) and, per uploaded file, part name, file name, type and the
     * SHA-256 of its bytes; empty when the request carried no form.
     */
    private byte[] formDigest() throws IOException {
        RoutingContext context = vertxRequest.getCurrent();
        if (context == null || (context.fileUploads().isEmpty() && context.request().formAttributes().isEmpty())) {
            return new byte[0];
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            TreeMap<String, List<String>> attributes = new TreeMap<>();
            context.request().formAttributes().names()
                    .forEach(name -> attributes.put(name, context.request().formAttributes().getAll(name)));
            attributes.forEach((name, list) -> digest.update(("a:" + name.length() + ":" + name + "=" + list + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            List<FileUpload> files = new ArrayList<>(context.fileUploads());
            files.sort(Comparator.comparing(FileUpload::name).thenComparing(FileUpload::fileName));
            for (FileUpload file : files) {
                digest.update(("f:" + file.name() + "|" + file.fileName() + "|" + file.contentType() + "|"
                        + file.size() + "|").getBytes(StandardCharsets.UTF_8));
                MessageDigest content = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(Path.of(file.uploadedFileName()))) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                        content.update(buffer, 0, read);
                    }
                }
                digest.update(content.digest());
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response replay(StoredResponse stored) {
        Response.ResponseBuilder builder = Response.status(stored.status());
        stored.headers().forEach(builder::header);
        if (stored.body() != null) {
            builder.entity(stored.body());
        }
        return builder.header(Idempotent.REPLAYED_HEADER, "true").build();
    }
}
