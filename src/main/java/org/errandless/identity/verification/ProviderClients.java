package org.errandless.identity.verification;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The HTTP clients of the real carrier and face providers, built on first use from configuration (so a system that
 * uses the demo adapters needs no provider settings). Tests point the adapters at a local stub by installing an
 * instance made with {@link #ProviderClients(ProviderClient, ProviderClient)}.
 */
@ApplicationScoped
public class ProviderClients {

    private CarrierConfig carrierConfig;
    private FaceConfig faceConfig;
    private ObjectMapper json;
    private ProviderClient carrier;
    private ProviderClient face;

    ProviderClients() {
        // for the client proxy
    }

    @Inject
    ProviderClients(CarrierConfig carrierConfig, FaceConfig faceConfig, ObjectMapper json) {
        this.carrierConfig = carrierConfig;
        this.faceConfig = faceConfig;
        this.json = json;
    }

    /** Fixed clients. */
    public ProviderClients(ProviderClient carrier, ProviderClient face) {
        this.carrier = carrier;
        this.face = face;
    }

    /** The carrier-check provider. */
    public synchronized ProviderClient carrier() {
        if (carrier == null) {
            carrier = client("carrier check", "errandless.carrier.http", carrierConfig.http());
        }
        return carrier;
    }

    /** The face-check provider. */
    public synchronized ProviderClient face() {
        if (face == null) {
            face = client("face check", "errandless.face.http", faceConfig.http());
        }
        return face;
    }

    private ProviderClient client(String provider, String prefix, ProviderHttpConfig config) {
        String url = config.url().filter(value -> !value.isBlank()).orElseThrow(
                () -> new VerificationUnavailableException(prefix + ".url is not configured"));
        String apiKey = config.apiKey().filter(value -> !value.isBlank()).orElseThrow(
                () -> new VerificationUnavailableException(prefix + ".api-key is not configured"));
        try {
            return new ProviderClient(provider, new URI(url), apiKey, config.connectTimeout(),
                    config.requestTimeout(), json);
        } catch (URISyntaxException e) {
            throw new VerificationUnavailableException(prefix + ".url is not a URL");
        }
    }
}
