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
 * Chooses the SMS gateway by configuration ({@code errandless.sms.gateway}) and checks the choice at startup, so a
 * prod system configured with the development gateway, or with the HTTP gateway but no provider URL, refuses to start
 * instead of silently not sending sign-in codes.
 */
@ApplicationScoped
public class SmsGateways {

    private static final Logger LOG = Logger.getLogger(SmsGateways.class);

    @Produces
    @ApplicationScoped
    SmsGateway gateway(SmsConfig config, ObjectMapper json, @ConfigProperty(name = DevelopmentAdapters.ALLOWED_KEY,
            defaultValue = "false") boolean devAdaptersAllowed) {
        Collection<String> profiles = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
        SmsGateway gateway = create(config, profiles, devAdaptersAllowed, json);
        LOG.infof("SMS gateway: %s", gateway.name());
        return gateway;
    }

    /**
     * The configured gateway.
     *
     * @throws IllegalStateException for the log gateway where development adapters are not allowed, or for the HTTP
     *         gateway without a provider URL
     */
    static SmsGateway create(SmsConfig config, Collection<String> profiles, boolean devAdaptersAllowed,
            ObjectMapper json) {
        if (config.gateway() == SmsConfig.Gateway.LOG) {
            DevelopmentAdapters.requireAllowed("errandless.sms.gateway=log", profiles, devAdaptersAllowed);
            return new LogSmsGateway();
        }
        SmsConfig.Http http = config.http();
        if (http.url().isEmpty()) {
            throw new IllegalStateException("errandless.sms.gateway=http needs the provider endpoint: set "
                    + "errandless.sms.http.url (ERRANDLESS_SMS_HTTP_URL) and its key ERRANDLESS_SMS_HTTP_API_KEY");
        }
        return new HttpSmsGateway(http.url().get(), http.apiKey(), http.connectTimeout(), http.readTimeout(),
                http.retries(), http.retryBackoff(), json);
    }

    void checkAtStartup(@Observes StartupEvent event, SmsGateway gateway) {
        // calling through the proxy creates the gateway now, so a bad configuration fails the start
        gateway.name();
    }
}
