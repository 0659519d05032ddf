package org.errandless.common.web.deprecation;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The operations of {@code /api/v1} on their way out, by {@code operationId}: the one list both the answers
 * ({@link DeprecationHeaders}: {@code Deprecation}, {@code Sunset}, {@code Link}) and the published spec
 * ({@link DeprecationOpenApi}: {@code deprecated: true}, the dates in the description, the headers declared) read.
 *
 * <p>To retire an operation: add it to {@link #PUBLISHED} with its {@link Retirement}, regenerate the spec, and list it
 * under "Deprecated" in {@code openapi/CHANGELOG.md}. Nothing is deprecated today.
 */
@ApplicationScoped
public class ApiDeprecations {

    /** Deprecated operations by {@code operationId}. */
    public static final Map<String, Retirement> PUBLISHED = Map.of();

    /** The retirement of an operation, if it is deprecated. */
    public Optional<Retirement> of(String operationId) {
        return Optional.ofNullable(PUBLISHED.get(operationId));
    }
}
