package org.errandless.common.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemResponses;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP plumbing below JAX-RS: request ids on every exchange, and problem+json for errors that the HTTP layer raises
 * before any resource runs (body too large, unknown paths outside the REST tree).
 */
@ApplicationScoped
public class HttpRoutes {

    private static final Logger LOG = Logger.getLogger(HttpRoutes.class);

    @Inject
    ObjectMapper json;

    /** Largest request body the JSON API accepts (paths of large-body features have their own limits). */
    @ConfigProperty(name = "errandless.http.max-body-size", defaultValue = "1M")
    MemorySize maxBodySize;

    /** Path prefixes whose features enforce their own, larger body limits (documents, uploads, face photos). */
    @ConfigProperty(name = "errandless.http.large-body-paths",
            defaultValue = "/api/v1/documents,/api/v1/uploads,/api/v1/me/identity/face")
    List<String> largeBodyPaths;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::requestId);
        router.route().order(Integer.MIN_VALUE + 1).handler(this::bodyLimit);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void bodyLimit(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && largeBodyPaths.stream().noneMatch(context.normalizedPath()::startsWith)) {
            try {
                if (Long.parseLong(length.trim()) > maxBodySize.asLongValue()) {
                    context.response().putHeader(HttpHeaders.CONNECTION, "close");
                    write(context, ProblemResponses.body(413, "payload-too-large",
                            "The request body is larger than " + maxBodySize.asLongValue() + " bytes",
                            context.normalizedPath(), languages(context), List.of(), null), Map.of());
                    return;
                }
            } catch (NumberFormatException e) {
                // a malformed Content-Length is rejected by the HTTP codec itself
            }
        }
        context.next();
    }

    private void requestId(RoutingContext context) {
        String id = RequestIds.acceptOrGenerate(context.request().getHeader(RequestIds.HEADER));
        context.request().headers().set(RequestIds.HEADER, id);
        context.response().putHeader(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        context.addEndHandler(ignored -> MDC.remove(RequestIds.MDC_KEY));
        context.next();
    }

    private void failure(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
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
