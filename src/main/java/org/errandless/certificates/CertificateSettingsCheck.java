package org.errandless.certificates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.errandless.common.config.DevelopmentAdapters;
import org.errandless.common.config.PublicUrls;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start prod with a verification address nobody outside can follow: every certificate's QR code holds
 * {@code errandless.certificates.public-base-url} (unset, it would be {@code http://localhost:8080}).
 */
@ApplicationScoped
class CertificateSettingsCheck {

    static final String PUBLIC_BASE_URL = "errandless.certificates.public-base-url";
    static final String PUBLIC_BASE_URL_VARIABLE = "ERRANDLESS_PUBLIC_BASE_URL";

    @Inject
    CertificateConfig config;

    void onStart(@Observes StartupEvent event) {
        PublicUrls.requirePublic(PUBLIC_BASE_URL, PUBLIC_BASE_URL_VARIABLE, config.publicBaseUrl(),
                DevelopmentAdapters.profiles());
    }
}
