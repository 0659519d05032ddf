package org.errandless.identity.verification;

/**
 * The request to a provider did not get through or got no answer in time (connection refused or dropped, timeout).
 * Unlike an error the provider answered, this one is worth retrying.
 */
public class ProviderTransportException extends VerificationUnavailableException {

    public ProviderTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
