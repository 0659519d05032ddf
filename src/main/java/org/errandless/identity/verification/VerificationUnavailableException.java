package org.errandless.identity.verification;

/**
 * No verdict could be had from a verification provider: it is down, slow, refused our credentials or answered
 * something we cannot read. Answered as 503 {@code verification-unavailable}; messages never carry personal data.
 */
public class VerificationUnavailableException extends RuntimeException {

    public VerificationUnavailableException(String message) {
        super(message);
    }

    public VerificationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
