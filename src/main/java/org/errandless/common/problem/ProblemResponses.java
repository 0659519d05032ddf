package org.errandless.common.problem;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** Builds problem+json responses; the one place that decides how an error looks on the wire. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** The problem body for a code, localised for the caller. */
    public static Problem body(int status, String code, String detail, String instance, List<Locale> languages,
            List<Problem.InvalidParam> invalidParams, String correlationId) {
        String reason = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return new Problem("urn:errandless:problem:" + code, ProblemTitles.title(code, languages, reason), status,
                detail, instance, code, invalidParams.isEmpty() ? null : invalidParams, correlationId);
    }

    /** A JAX-RS response carrying a problem body and any extra headers. */
    public static Response response(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(builder::header);
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder.build();
    }

    /** The default code for a bare HTTP status raised by the framework. */
    public static String codeForStatus(int status) {
        return switch (status) {
            case 400 -> "malformed-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 412 -> "stale";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 428 -> "precondition-required";
            case 429 -> "rate-limited";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
    }
}
