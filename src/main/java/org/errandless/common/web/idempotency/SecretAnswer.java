package org.errandless.common.web.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * Marks an {@link Idempotent} endpoint whose answers carry tokens or secrets (token pairs, access tokens, client
 * secrets). Such an answer is replayable only within {@code errandless.idempotency.secret-retry-window} (60 s), long
 * enough for a client to retry a lost answer; then its body is deleted from the database and the key is remembered
 * without it (see {@link IdempotencyCaller#authenticatesInRequest()} for what a later retry gets).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Extension(name = IdempotencyOpenApi.SECRET_MARKER, value = "true")
public @interface SecretAnswer {
}
