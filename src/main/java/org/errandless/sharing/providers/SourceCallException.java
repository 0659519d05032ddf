package org.errandless.sharing.providers;

/**
 * A call to a partner department failed. Failures {@link #worthRetrying() worth retrying} (no answer, a timeout, a
 * 5xx) are retried; an answered refusal (a 4xx other than 404) is not, since asking again would get the same.
 * Messages name the department and the status, never the query (it carries personal data).
 */
class SourceCallException extends RuntimeException {

    /** Worth retrying: the department did not answer, or answered that it failed (5xx). */
    static final class Transient extends SourceCallException {
        Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }

    SourceCallException(String message, Throwable cause) {
        super(message, cause);
    }

    boolean worthRetrying() {
        return this instanceof Transient;
    }
}
