package org.errandless.common.web.deprecation;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Announces a deprecated operation on every answer it gives, errors included, so a client learns it from its own
 * traffic: {@code Deprecation} (RFC 9745), {@code Sunset} (RFC 8594) and a {@code Link} to the migration note. The
 * operation is found by the {@code operationId} of the resource method's {@code @Operation}.
 */
public class DeprecationHeaders {

    private final Map<Method, Optional<String>> operationIds = new ConcurrentHashMap<>();

    @Inject
    ApiDeprecations deprecations;

    @ServerResponseFilter
    public void announce(ContainerResponseContext response, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return;
        }
        operationIds.computeIfAbsent(method, DeprecationHeaders::operationId)
                .flatMap(deprecations::of)
                .ifPresent(retirement -> {
                    response.getHeaders().putSingle("Deprecation", retirement.deprecationHeader());
                    response.getHeaders().putSingle("Sunset", retirement.sunsetHeader());
                    response.getHeaders().add("Link", retirement.linkHeader());
                });
    }

    private static Optional<String> operationId(Method method) {
        Operation operation = method.getAnnotation(Operation.class);
        return operation == null || operation.operationId().isBlank()
                ? Optional.empty() : Optional.of(operation.operationId());
    }
}
