package org.errandless.notifications;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.common.config.DevelopmentAdapters;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/**
 * Chooses the push gateway by configuration ({@code errandless.push.gateway}) and checks the choice at startup: prod
 * with the development gateway, or with the HTTP gateway but no endpoint, refuses to start.
 */
@ApplicationScoped
public class PushGateways {

    private static final Logger LOG = Logger.getLogger(PushGateways.class);

    @Produces
    @ApplicationScoped
    PushGateway gateway(PushConfig config, ObjectMapper json, @ConfigProperty(name = DevelopmentAdapters.ALLOWED_KEY,
            defaultValue = "false") boolean devAdaptersAllowed) {
        Collection<String> profiles = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
        PushGateway gateway = create(config, profiles, devAdaptersAllowed, json);
        LOG.infof("Push gateway: %s", gateway.name());
        return gateway;
    }

    /**
     * The configured gateway.
     *
     * @throws IllegalStateException for the log gateway where development adapters are not allowed, or for the HTTP
     *         gateway without an endpoint
     */
    static PushGateway create(PushConfig config, Collection<String> profiles, boolean devAdaptersAllowed,
            ObjectMapper json) {
        if (config.gateway() == PushConfig.Gateway.LOG) {
            DevelopmentAdapters.requireAllowed("errandless.push.gateway=log", profiles, devAdaptersAllowed);
            return new LogPushGateway();
        }
        PushConfig.Http http = config.http();
        if (http.url().isEmpty()) {
            throw new IllegalStateException("errandless.push.gateway=http needs the push service endpoint: set "
                    + "errandless.push.http.url (ERRANDLESS_PUSH_HTTP_URL) and its key ERRANDLESS_PUSH_HTTP_API_KEY");
        }
        return new HttpPushGateway(http.url().get(), http.apiKey(), http.connectTimeout(), http.readTimeout(),
                http.retries(), http.retryBackoff(), json);
    }

    void checkAtStartup(@Observes StartupEvent event, PushGateway gateway) {
        // calling through the proxy creates the gateway now, so a bad configuration fails the start
        gateway.name();
    }
}
