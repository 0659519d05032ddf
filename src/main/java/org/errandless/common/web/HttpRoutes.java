package org.errandless.common.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.problem.ProblemMappers;
import org.errandless.common.problem.ProblemResponses;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * HTTP plumbing below JAX-RS: request ids on every exchange, the features' {@link HeadCheck}s of their own paths, the
 * JSON screen, and problem+json for errors that the HTTP layer raises before any resource runs (body too large,
 * unknown paths outside the REST tree).
 */
@ApplicationScoped
public class HttpRoutes {

    private static final Logger LOG = Logger.getLogger(HttpRoutes.class);

    @Inject
    ObjectMapper json;

    /** Largest request body the JSON API accepts (paths of large-body features have their own limits). */
    @ConfigProperty(name = "errandless.http.max-body-size", defaultValue = "1M")
    MemorySize maxBodySize;

    /**
     * Paths whose features enforce their own, larger body limits (documents, uploads, face photos): each covers
     * itself and the paths below it, as {@link HeadCheck#path()} describes.
     */
    @ConfigProperty(name = "errandless.http.large-body-paths",
            defaultValue = "/api/v1/documents,/api/v1/uploads,/api/v1/me/identity/face")
    List<String> largeBodyPaths;

    @Inject
    @Any
    Instance<HeadCheck> headChecks;

    /** The features' head checks and their paths, fixed at start-up (read on every request, never changed). */
    private HeadCheck[] checks = new HeadCheck[0];
    private String[] checkPaths = new String[0];

    void install(@Observes Router router) {
        List<HeadCheck> found = headChecks.stream().toList();
        checks = found.toArray(HeadCheck[]::new);
        checkPaths = found.stream().map(HeadCheck::path).toArray(String[]::new);
        // one route for everything that runs before Quarkus' own handlers (every route is one more match for every
        // request to walk): the request id, the features' head checks for their paths, then the screen. The only
        // route of ours after it is the register import's lift of the HTTP layer's limit (order -1), which must run
        // after that limit's handler (-2)
        router.route().order(Integer.MIN_VALUE).handler(this::frontDoor);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void frontDoor(RoutingContext context) {
        requestId(context);
        String path = context.normalizedPath();
        for (int i = 0; i < checks.length; i++) {
            if (covers(checkPaths[i], path) && !checks[i].admit(context)) {
                return;
            }
        }
        screen(context, path);
    }

    /**
     * Whether {@code prefix} covers {@code path}: the path is the prefix itself, or goes on after it with a slash
     * (trailing or into a path below) or a semicolon (matrix parameters, which Quarkus REST strips from a segment
     * before it matches), never with any other character ({@code /api/v1/uploadsX} is not under
     * {@code /api/v1/uploads}). A prefix ending in a slash covers only the paths below it.
     */
    static boolean covers(String prefix, String path) {
        if (!path.startsWith(prefix)) {
            return false;
        }
        if (path.length() == prefix.length() || prefix.endsWith("/")) {
            return true;
        }
        char next = path.charAt(prefix.length());
        return next == '/' || next == ';';
    }

    /**
     * The screen of every request, after the head checks of its feature's path if any: refuses a target or header
     * that PostgreSQL could not store (400 {@code malformed-request}), then reads the body of a JSON API request into
     * memory up to {@code errandless.http.max-body-size}, whatever its framing: a declared length above the limit is
     * refused before a byte is read, a chunked body as soon as the limit is crossed (413 {@code payload-too-large},
     * connection closed).
     * A body read whole is checked like the target and handed on to the resource. Paths of features with larger
     * bodies ({@code errandless.http.large-body-paths}: documents, uploads, face photos, register imports) stream their
     * bodies and enforce their own limits.
     */
    private void screen(RoutingContext context, String path) {
        HttpServerRequest request = context.request();
        Optional<String> unstorable = StorableText.inTarget(request.uri());
        for (var header : request.headers()) {
            if (unstorable.isPresent()) {
                break;
            }
            unstorable = StorableText.inHeader(header.getKey(), header.getValue());
        }
        if (unstorable.isPresent()) {
            malformed(context, unstorable.get());
            return;
        }
        if (!hasBody(request) || isLargeBodyPath(path)) {
            context.next();
            return;
        }
        long limit = maxBodySize.asLongValue();
        if (refuseDeclaredLength(context, limit, "payload-too-large", () -> tooLargeDetail(limit))) {
            return;
        }
        readBody(context, limit);
    }

    private boolean isLargeBodyPath(String path) {
        for (String prefix : largeBodyPaths) {
            if (covers(prefix, path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the request has a body to read: a length above zero, or a chunked one. */
    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private void readBody(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = { false };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                // refuse now, without reading the rest: the connection closes after the answer
                refused[0] = true;
                request.pause();
                tooLarge(context, limit);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> {
            if (!refused[0]) {
                refused[0] = true;
                context.fail(400, failure);
            }
        });
        request.endHandler(ignored -> {
            if (refused[0]) {
                return;
            }
            Optional<String> unstorable = StorableText.inBody(request.getHeader(HttpHeaders.CONTENT_TYPE),
                    body.getBytes());
            if (unstorable.isPresent()) {
                malformed(context, unstorable.get());
                return;
            }
            ((RoutingContextInternal) context).setBody(body);
            context.next();
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            context.response().writeContinue();
        }
        request.resume();
    }

    private void tooLarge(RoutingContext context, long limit) {
        refuseBody(context, "payload-too-large", tooLargeDetail(limit));
    }

    private static String tooLargeDetail(long limit) {
        return "The request body is larger than " + limit + " bytes";
    }

    /**
     * Refuses a request whose declared length ({@code Content-Length}) is above {@code limit}, before a byte of its
     * body is read, as {@link #refuseBody} does (413 problem+json with this code and detail, the detail worked out only
     * then; the connection closed after the answer): for the JSON screen and for a {@link HeadCheck} that holds its
     * path to a limit of its own. True when it refused. A request without a declared length (a chunked body) passes:
     * whatever reads the body counts it.
     */
    public boolean refuseDeclaredLength(RoutingContext context, long limit, String code, Supplier<String> detail) {
        if (!declaresMoreThan(context.request().getHeader(HttpHeaders.CONTENT_LENGTH), limit)) {
            return false;
        }
        refuseBody(context, code, detail.get());
        return true;
    }

    /**
     * Whether a {@code Content-Length} value declares more than {@code limit} bytes: false without one, and false for a
     * malformed one, which the HTTP codec rejects itself before any route runs.
     */
    static boolean declaresMoreThan(String contentLength, long limit) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Answers 413 problem+json with this code and detail and closes the connection after the answer (the rest of the
     * body is never read): for a {@link HeadCheck} that refuses a declared length.
     */
    public void refuseBody(RoutingContext context, String code, String detail) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        write(context, ProblemResponses.body(413, code, detail, context.normalizedPath(), languages(context),
                List.of(), null), Map.of());
    }

    private void malformed(RoutingContext context, String detail) {
        write(context, ProblemResponses.body(400, "malformed-request", detail, context.normalizedPath(),
                languages(context), List.of(), null), Map.of());
    }

    private void requestId(RoutingContext context) {
        String id = RequestIds.acceptOrGenerate(context.request().getHeader(RequestIds.HEADER));
        context.request().headers().set(RequestIds.HEADER, id);
        context.response().putHeader(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        context.addEndHandler(ignored -> MDC.remove(RequestIds.MDC_KEY));
    }

    private void failure(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        Optional<ProblemException> database = context.failure() == null ? Optional.empty()
                : ProblemMappers.databaseProblem(context.failure());
        if (status >= 500 && database.isPresent()) {
            ProblemException problem = database.get();
            write(context, ProblemResponses.body(problem.status(), problem.code(), problem.getMessage(),
                    context.normalizedPath(), languages(context), List.of(), null), problem.headers());
            return;
        }
        String code = ProblemResponses.codeForStatus(status);
        String correlationId = status >= 500 ? context.request().getHeader(RequestIds.HEADER) : null;
        if (status >= 500) {
            LOG.errorf(context.failure(), "Unexpected error on %s (correlation id %s)", context.normalizedPath(),
                    correlationId);
        }
        String detail = switch (status) {
            case 413 -> "The request body is larger than this endpoint accepts";
            case 404 -> "No resource at this path";
            case 405 -> "This method is not supported on this resource";
            default -> status >= 500 ? "Something went wrong on our side; quote the correlation id" : "Request failed";
        };
        write(context, ProblemResponses.body(status, code, detail, context.normalizedPath(), languages(context),
                List.of(), correlationId), Map.of());
    }

    /** Writes a problem at the Vert.x level, for handlers that run outside JAX-RS. */
    public void write(RoutingContext context, Problem problem, Map<String, String> headers) {
        try {
            var response = context.response().setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
            headers.forEach(response::putHeader);
            if (problem.status() == 401) {
                response.putHeader("WWW-Authenticate", "Bearer");
            }
            response.end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(500).end();
        }
    }

    private static List<Locale> languages(RoutingContext context) {
        return context.acceptableLanguages().stream().map(language -> Locale.forLanguageTag(language.tag())).toList();
    }
}
