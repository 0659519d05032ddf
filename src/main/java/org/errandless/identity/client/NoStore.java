package org.errandless.identity.client;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks answers that carry credentials: every response, a replay of an {@code Idempotency-Key} included, gets
 * {@code Cache-Control: no-store} (RFC 6749 §5.1), so no cache between client and server keeps a token.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface NoStore {
}
