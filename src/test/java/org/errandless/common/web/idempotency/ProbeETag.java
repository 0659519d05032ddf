package org.errandless.common.web.idempotency;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.annotation.Priority;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Test-only name binding: a response filter of ordinary priority sets the ETag, as an ETag feature would. The
 * replay must carry it, which shows the idempotency response filter runs after ordinary response filters.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface ProbeETag {

    /** The ETag the filter sets. */
    String VALUE = "\"set-by-a-response-filter\"";

    /** Sets {@link #VALUE}. */
    @ProbeETag
    @Provider
    @Priority(Priorities.USER)
    class Filter implements ContainerResponseFilter {
        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (response.getStatus() < 300 && response.getHeaderString("Idempotent-Replayed") == null) {
                response.getHeaders().putSingle("ETag", VALUE);
            }
        }
    }
}
