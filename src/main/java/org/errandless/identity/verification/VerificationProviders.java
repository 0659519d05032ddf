package org.errandless.identity.verification;

import java.util.Collection;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.common.config.DevelopmentAdapters;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Chooses the carrier and face adapters by configuration ({@code errandless.carrier.provider},
 * {@code errandless.face.provider}: {@code http} or {@code demo}) and checks the choice at startup, so a system that
 * would verify nobody, or anybody, does not start.
 *
 * <p>The demo adapters accept made-up data; they are development adapters, allowed by {@link DevelopmentAdapters}
 * (in the dev, demo and test profiles; elsewhere only with {@code errandless.dev-adapters.allowed=true}, for a
 * demonstration system, and then with a warning at every start). The http adapters need a URL and an API key. Tests select adapters of their own by
 * installing an instance made with {@link #VerificationProviders(CarrierVerifier, FaceVerifier)}.
 */
@ApplicationScoped
public class VerificationProviders {

    private static final Logger LOG = Logger.getLogger(VerificationProviders.class);

    static final String HTTP = "http";
    static final String DEMO = "demo";

    @Inject
    CarrierConfig carrierConfig;
    @Inject
    FaceConfig faceConfig;
    @ConfigProperty(name = DevelopmentAdapters.ALLOWED_KEY, defaultValue = "false")
    boolean devAdaptersAllowed;
    @Inject
    Instance<HttpCarrierVerifier> httpCarrier;
    @Inject
    Instance<DemoCarrierVerifier> demoCarrier;
    @Inject
    Instance<HttpFaceVerifier> httpFace;
    @Inject
    Instance<DemoFaceVerifier> demoFace;

    private CarrierVerifier carrier;
    private FaceVerifier face;

    VerificationProviders() {
        // chosen from configuration
    }

    /** Fixed adapters. */
    public VerificationProviders(CarrierVerifier carrier, FaceVerifier face) {
        this.carrier = carrier;
        this.face = face;
    }

    void checkAtStartup(@Observes StartupEvent event) {
        carrier();
        face();
    }

    /** The carrier check in use. */
    public synchronized CarrierVerifier carrier() {
        if (carrier == null) {
            String provider = carrierConfig.provider();
            check("errandless.carrier", provider, DevelopmentAdapters.profiles(), devAdaptersAllowed,
                    carrierConfig.http().url(),
                    carrierConfig.http().apiKey(), "ERRANDLESS_CARRIER_API_KEY");
            carrier = HTTP.equals(provider.strip()) ? httpCarrier.get() : demoCarrier.get();
            warnIfDemo("errandless.carrier", provider);
        }
        return carrier;
    }

    /** The face check in use. */
    public synchronized FaceVerifier face() {
        if (face == null) {
            String provider = faceConfig.provider();
            check("errandless.face", provider, DevelopmentAdapters.profiles(), devAdaptersAllowed,
                    faceConfig.http().url(),
                    faceConfig.http().apiKey(), "ERRANDLESS_FACE_API_KEY");
            face = HTTP.equals(provider.strip()) ? httpFace.get() : demoFace.get();
            warnIfDemo("errandless.face", provider);
        }
        return face;
    }

    /**
     * Refuses a provider choice that cannot stand: an unknown adapter, a development adapter where they are not
     * allowed, or the http adapter without its URL and API key.
     *
     * @param prefix the configuration prefix, e.g. {@code errandless.carrier}
     * @param profiles the active configuration profiles
     * @param devAdaptersAllowed the opt-in {@code errandless.dev-adapters.allowed}
     * @throws IllegalStateException saying what is wrong and how to fix it
     */
    static void check(String prefix, String provider, Collection<String> profiles, boolean devAdaptersAllowed,
            Optional<String> url, Optional<String> apiKey, String apiKeyVariable) {
        String choice = provider == null ? "" : provider.strip();
        switch (choice) {
            case DEMO -> DevelopmentAdapters.requireAllowed(prefix + ".provider=demo", "It accepts made-up data, so "
                    + "anyone could pass identity verification; the real provider is " + prefix + ".provider=http with "
                    + prefix + ".http.url and " + apiKeyVariable + ".", profiles, devAdaptersAllowed);
            case HTTP -> {
                if (url.filter(value -> !value.isBlank()).isEmpty()
                        || apiKey.filter(value -> !value.isBlank()).isEmpty()) {
                    throw new IllegalStateException(prefix + ".provider=http needs " + prefix + ".http.url and an API "
                            + "key (" + prefix + ".http.api-key, env " + apiKeyVariable + ").");
                }
                if (!url.get().strip().matches("(?i)https?://\\S+")) {
                    throw new IllegalStateException(prefix + ".http.url must be an http(s) URL.");
                }
            }
            default -> throw new IllegalStateException(prefix + ".provider=" + choice + " is unknown: use http (a "
                    + "real provider) or demo (development only).");
        }
    }

    private void warnIfDemo(String prefix, String provider) {
        if (DEMO.equals(provider.strip())) {
            LOG.warnf("%s.provider=demo: identity verification uses a development adapter that accepts made-up data",
                    prefix);
        }
    }
}
