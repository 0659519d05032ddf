package org.errandless.common.problem;

import java.util.List;
import java.util.Map;

/**
 * Thrown by services for any business-rule or access failure; mapped to a problem response.
 *
 * <p>Create them through the factory methods so codes and statuses stay consistent with the published contract.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Problem.InvalidParam> invalidParams;
    private final Map<String, String> headers;

    public ProblemException(int status, String code, String detail) {
        this(status, code, detail, List.of(), Map.of());
    }

    public ProblemException(int status, String code, String detail, List<Problem.InvalidParam> invalidParams,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.invalidParams = List.copyOf(invalidParams);
        this.headers = Map.copyOf(headers);
    }

    /** 404 {@code not-found}: unknown, or not the caller's (never reveal which). */
    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", what + " not found");
    }

    /** 403 {@code forbidden}. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", detail);
    }

    /** 409 with a code. */
    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, detail);
    }

    /** 422 with a code: a business rule refused the request. */
    public static ProblemException unprocessable(String code, String detail) {
        return new ProblemException(422, code, detail);
    }

    /** 422 with a code and the offending fields. */
    public static ProblemException unprocessable(String code, String detail, List<Problem.InvalidParam> params) {
        return new ProblemException(422, code, detail, params, Map.of());
    }

    /** 400 {@code validation-failed} naming each bad parameter. */
    public static ProblemException validation(List<Problem.InvalidParam> params) {
        return new ProblemException(400, "validation-failed",
                params.size() == 1 ? "1 parameter is invalid" : params.size() + " parameters are invalid", params,
                Map.of());
    }

    /** 429 with {@code Retry-After}. */
    public static ProblemException tooManyRequests(String code, String detail, long retryAfterSeconds) {
        return new ProblemException(429, code, detail, List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    /**
     * 503 {@code service-unavailable} with {@code Retry-After}: something this request needs (the database) cannot be
     * reached right now; the same request may succeed when retried.
     */
    public static ProblemException unavailable(String detail, long retryAfterSeconds) {
        return new ProblemException(503, "service-unavailable", detail, List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Problem.InvalidParam> invalidParams() {
        return invalidParams;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
