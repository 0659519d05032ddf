package org.errandless.certificates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.errandless.applications.ApplicationStatusChanged;

/**
 * Issues e-certificates as applications complete. The event is fired synchronously inside the transition's
 * transaction, so the certificate commits (or rolls back) with the completion itself: a completed application always
 * has its certificate.
 */
@ApplicationScoped
public class CertificateIssuer {

    @Inject
    CertificateService certificates;

    void onStatusChanged(@Observes ApplicationStatusChanged event) {
        certificates.issueOnCompletion(event);
    }
}
