package org.errandless.common.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.errandless.common.persistence.DatabaseFailures;
import org.errandless.common.web.RequestIds;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Maps every exception a request can raise to an RFC 9457 problem, so clients see one error format, framework errors
 * included, and never a stack trace, class name or SQL.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /**
     * What a 503 for an unreachable database asks clients to wait: long enough for a restart or a fail-over to finish
     * (the pool validates connections and the live feed reconnects within a few seconds of the database's return).
     */
    static final long RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        return ProblemResponses.response(ProblemResponses.body(e.status(), e.code(), e.getMessage(), path(uri),
                languages(headers), e.invalidParams(), null), e.headers());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        List<Problem.InvalidParam> params = new ArrayList<>();
        boolean returnValue = false;
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            returnValue |= isReturnValue(violation.getPropertyPath());
            params.add(new Problem.InvalidParam(parameterName(violation.getPropertyPath()), violation.getMessage(),
                    constraintCode(violation)));
        }
        if (returnValue) {
            return unexpected(e, uri, headers);
        }
        params.sort((a, b) -> a.name().compareTo(b.name()));
        ProblemException problem = ProblemException.validation(params);
        return problem(problem, uri, headers);
    }

    @ServerExceptionMapper(priority = 1)
    public Response json(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = jsonPath(mismatch.getPath());
            return problem(ProblemException.validation(List.of(new Problem.InvalidParam(field,
                    "has the wrong type or format", "wrong-type"))), uri, headers);
        }
        String detail = e instanceof JsonParseException ? "The request body is not valid JSON"
                : "The request body could not be read";
        return problem(new ProblemException(400, "malformed-request", detail), uri, headers);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        return json(e, uri, headers);
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidFormat(InvalidFormatException e, UriInfo uri, HttpHeaders headers) {
        return json(e, uri, headers);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        return unauthenticated(uri, headers);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri, HttpHeaders headers) {
        // a token check that could not reach the database says nothing about the token
        return databaseProblem(e).map(problem -> problem(problem, uri, headers))
                .orElseGet(() -> unauthenticated(uri, headers));
    }

    @ServerExceptionMapper
    public Response authenticationCompletion(AuthenticationCompletionException e, UriInfo uri, HttpHeaders headers) {
        return databaseProblem(e).map(problem -> problem(problem, uri, headers))
                .orElseGet(() -> unauthenticated(uri, headers));
    }

    @ServerExceptionMapper
    public Response authenticationRedirect(AuthenticationRedirectException e, UriInfo uri, HttpHeaders headers) {
        return unauthenticated(uri, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return problem(ProblemException.forbidden("Your role does not allow this"), uri, headers);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri, headers);
        }
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json, uri, headers);
        }
        String detail = switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not supported on this resource";
            case 406 -> "None of the acceptable media types can be produced";
            case 415 -> "The request's content type is not supported here";
            case 400 -> "The request could not be read";
            default -> Response.Status.fromStatusCode(status) == null ? "Request failed"
                    : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
        Map<String, String> extra = status == 405 && e.getResponse().getHeaderString("Allow") != null
                ? Map.of("Allow", e.getResponse().getHeaderString("Allow"))
                : Map.of();
        return ProblemResponses.response(ProblemResponses.body(status, ProblemResponses.codeForStatus(status), detail,
                path(uri), languages(headers), List.of(), null), extra);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        if (e instanceof JsonMappingException json) {
            return json(json, uri, headers);
        }
        Optional<ProblemException> database = databaseProblem(e);
        if (database.isPresent()) {
            if (database.get().status() >= 500) {
                LOG.warnf("Database unavailable on %s: %s", path(uri), rootMessage(e));
            }
            return problem(database.get(), uri, headers);
        }
        String correlationId = headers.getHeaderString(RequestIds.HEADER);
        LOG.errorf(e, "Unexpected error on %s (correlation id %s)", path(uri), correlationId);
        return ProblemResponses.response(ProblemResponses.body(500, "internal-error",
                "Something went wrong on our side; quote the correlation id when you contact support", path(uri),
                languages(headers), List.of(), correlationId), Map.of());
    }

    /**
     * The problem for a failure of the database that is not our fault: 503 while it cannot be reached (the request may
     * be retried), 400 when it refused text the client sent. Empty for any other failure.
     */
    public static Optional<ProblemException> databaseProblem(Throwable failure) {
        return switch (DatabaseFailures.classify(failure)) {
            case UNAVAILABLE -> Optional.of(ProblemException.unavailable("The database cannot be reached at the "
                    + "moment; retry after the number of seconds in Retry-After", RETRY_AFTER_SECONDS));
            case UNSTORABLE_TEXT -> Optional.of(new ProblemException(400, "malformed-request",
                    "The request contains characters that cannot be stored (NUL)"));
            case OTHER -> Optional.empty();
        };
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private Response unauthenticated(UriInfo uri, HttpHeaders headers) {
        return problem(new ProblemException(401, "unauthorized", "A valid bearer token is required"), uri, headers);
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** The name a client knows: the query/path parameter or the body field, not the Java method. */
    private static String parameterName(Path path) {
        StringBuilder name = new StringBuilder();
        boolean inBody = false;
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR -> {
                }
                case PARAMETER -> {
                    name.setLength(0);
                    name.append(node.getName());
                    inBody = false;
                }
                default -> {
                    if (!inBody) {
                        // a field of a request body: report the JSON path without the Java parameter name
                        name.setLength(0);
                        inBody = true;
                    }
                    if (name.length() > 0) {
                        name.append('.');
                    }
                    name.append(node.getName());
                    if (node.getIndex() != null) {
                        name.append('[').append(node.getIndex()).append(']');
                    }
                }
            }
        }
        return name.toString();
    }

    private static String constraintCode(ConstraintViolation<?> violation) {
        String annotation = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return switch (annotation) {
            case "NotNull", "NotBlank", "NotEmpty" -> "required";
            case "Size", "Length" -> "wrong-size";
            case "Min", "Max", "DecimalMin", "DecimalMax", "Positive", "PositiveOrZero", "Negative", "Range" ->
                "out-of-range";
            case "Pattern", "Email" -> "wrong-format";
            default -> "invalid";
        };
    }

    private static String jsonPath(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    static List<Locale> languages(HttpHeaders headers) {
        try {
            return headers == null ? List.of() : headers.getAcceptableLanguages();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
