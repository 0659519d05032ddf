package org.errandless.common.web.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * Makes a resource method honour the {@code Idempotency-Key} request header (IETF draft "The Idempotency-Key HTTP
 * Header Field"; API.md, Conventions). Put it on every {@code POST} that creates something or changes state.
 *
 * <p>The header is optional: without it the request simply runs. With it, the first request with a key runs and its
 * answer (status, body, {@code Content-Type}, {@code Location}, {@code ETag}) is remembered for
 * {@code errandless.idempotency.retention} (24 h); then
 * <ul>
 * <li>a retry by the same caller with the same key and the same request (method, path, query and body) gets that
 * answer again, marked {@code Idempotent-Replayed: true}, without running anything;</li>
 * <li>the same key with another request is refused with 422 {@code idempotency-key-reused};</li>
 * <li>a retry while the first is still running is refused with 409 {@code idempotency-key-in-flight};</li>
 * <li>a key that is not 1..255 printable ASCII characters is refused with 400 {@code validation-failed} naming
 * {@code Idempotency-Key} (a structured-field string in quotes, as the draft writes it, is accepted too).</li>
 * </ul>
 * Keys and answers belong to the caller, as {@link #caller()} identifies it: the bearer token's subject by default,
 * or, for an endpoint that authenticates inside the request, the credential it carries (only a keyed hash of it is
 * stored). A request that proves no caller runs as if it had no key. Answers of 2xx and 4xx are final and stored,
 * except 412 and 428 (a retry with a corrected {@code If-Match} is evaluated afresh); a 5xx (or an unexpected
 * exception) and the "try again later" statuses 408, 425 and 429 release the key so the client can retry. Answers
 * of a {@link SecretAnswer} endpoint are replayable only for a short retry window. Request fingerprints are
 * HMAC-SHA256 with a key derived from the data key, and stored answers are encrypted with another; nothing of a
 * body can be learnt from a database dump. The claim is an {@code INSERT ... ON CONFLICT DO NOTHING} committed
 * before the endpoint runs, so this holds across instances; a claim of an instance that died is retaken as soon as
 * its database session is gone, or after {@code errandless.idempotency.in-flight-timeout} where that is unknown.
 *
 * <p>Requirements on the annotated method: it must be blocking (the default for methods that do not return
 * {@code Uni}/{@code Multi}), since keys live in PostgreSQL; and its business transaction must end before it returns
 * (a {@code @Transactional} service, as the house style has it), so the stored answer describes committed work.
 * Bodies larger than {@code errandless.idempotency.max-hashed-body-size} (uploads) are fingerprinted by their first
 * bytes and their length.
 *
 * <p>OpenAPI: this annotation carries the operation extension {@code x-idempotent} (SmallRye OpenAPI reads
 * annotations composed into custom annotations); {@link IdempotencyOpenApi}, called from the spec filter, turns
 * every operation with it into one with the optional {@code Idempotency-Key} header parameter and the 409 and 422
 * responses, then drops the marker. So a resource method needs nothing but {@code @Idempotent}.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Extension(name = IdempotencyOpenApi.MARKER, value = "true")
public @interface Idempotent {

    /** The request header carrying the key. */
    String HEADER = "Idempotency-Key";

    /** The response header that marks a replayed answer. */
    String REPLAYED_HEADER = "Idempotent-Replayed";

    /**
     * Who the caller is, whose keys and answers these are: a CDI bean. The default is the bearer token's subject;
     * endpoints that authenticate inside the request name the strategy that reads their credential.
     */
    Class<? extends IdempotencyCaller> caller() default SignedInCaller.class;
}
