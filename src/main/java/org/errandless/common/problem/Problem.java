package org.errandless.common.problem;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error this API answers.
 *
 * @param type a URI naming the problem type ({@code urn:errandless:problem:<code>})
 * @param title a short, localised summary of the problem type
 * @param status the HTTP status
 * @param detail what went wrong this time, for a person to read
 * @param instance the request path
 * @param code the stable kebab-case code clients and tests assert on
 * @param invalidParams for input errors: each bad parameter or field
 * @param correlationId for 500 only: the id to quote to support, also in the server log
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem detail. `code` is stable and documented in the API contract.",
        requiredProperties = { "type", "title", "status", "code" })
public record Problem(
        @Schema(example = "urn:errandless:problem:validation-failed") String type,
        @Schema(example = "请求参数不合法") String title,
        @Schema(example = "400") int status,
        @Schema(example = "1 parameter is invalid") String detail,
        @Schema(example = "/api/v1/calendar/due-date") String instance,
        @Schema(example = "validation-failed") String code,
        List<InvalidParam> invalidParams,
        @Schema(description = "Present on 500 responses; quote it to support") String correlationId) {

    /** Media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad input parameter. */
    @Schema(name = "InvalidParam")
    public record InvalidParam(
            @Schema(example = "amount") String name,
            @Schema(example = "must be greater than or equal to 0") String reason,
            @Schema(example = "out-of-range") String code) {
    }
}
