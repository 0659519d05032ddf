package org.errandless.notifications;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.common.config.DevelopmentAdapters;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfig;

/**
 * The gateway of each delivery channel, chosen by configuration ({@code errandless.sms.gateway},
 * {@code errandless.push.gateway}): the HTTP gateway with that channel's provider settings, or the development log
 * gateway. A prod system configured with the log gateway, or with the HTTP gateway but no provider URL, refuses to
 * start (the dispatcher builds this at startup) instead of silently not sending sign-in codes.
 */
public class DeliveryGateways {

    private static final Logger LOG = Logger.getLogger(DeliveryGateways.class);

    private final Map<MessageChannel, DeliveryGateway> gateways;

    /** For the CDI client proxy only. */
    DeliveryGateways() {
        this.gateways = Map.of();
    }

    /**
     * @param gateways one gateway for every channel
     * @throws IllegalArgumentException when a channel has none
     */
    DeliveryGateways(Map<MessageChannel, DeliveryGateway> gateways) {
        EnumMap<MessageChannel, DeliveryGateway> copy = new EnumMap<>(MessageChannel.class);
        copy.putAll(gateways);
        for (MessageChannel channel : MessageChannel.values()) {
            if (copy.get(channel) == null) {
                throw new IllegalArgumentException("no gateway for the " + channel + " channel");
            }
        }
        this.gateways = copy;
    }

    /** The gateway that delivers a channel's messages. */
    public DeliveryGateway of(MessageChannel channel) {
        return gateways.get(channel);
    }

    /** The longest one send may take on any channel. */
    public Duration longestSend() {
        return gateways.values().stream().map(DeliveryGateway::longestSend).max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /**
     * The configured gateways.
     *
     * @throws IllegalStateException for a log gateway where development adapters are not allowed, or for an HTTP
     *         gateway without a provider URL
     */
    static DeliveryGateways create(Map<MessageChannel, ChannelConfig> configs, Collection<String> profiles,
            boolean devAdaptersAllowed, ObjectMapper json) {
        Map<MessageChannel, DeliveryGateway> gateways = new EnumMap<>(MessageChannel.class);
        for (MessageChannel channel : MessageChannel.values()) {
            gateways.put(channel, create(channel, configs.get(channel), profiles, devAdaptersAllowed, json));
        }
        return new DeliveryGateways(gateways);
    }

    private static DeliveryGateway create(MessageChannel channel, ChannelConfig config,
            Collection<String> profiles, boolean devAdaptersAllowed, ObjectMapper json) {
        String prefix = channel.settingsPrefix();
        if (config.gateway() == ChannelConfig.Gateway.LOG) {
            DevelopmentAdapters.requireAllowed(prefix + ".gateway=log", profiles, devAdaptersAllowed);
            return new LogGateway(channel);
        }
        ChannelConfig.Http http = config.http();
        if (http.url().isEmpty()) {
            String env = prefix.toUpperCase(Locale.ROOT).replace('.', '_') + "_HTTP";
            throw new IllegalStateException(prefix + ".gateway=http needs the provider endpoint: set " + prefix
                    + ".http.url (" + env + "_URL) and its key " + env + "_API_KEY");
        }
        return new HttpGateway(channel, new ProviderClient(http), json);
    }

    @Override
    public String toString() {
        return "DeliveryGateways" + gateways;
    }

    /** Makes the configured gateways the application's: one block of settings per channel, the same shape. */
    @ApplicationScoped
    static class Producer {

        @Inject
        @ConfigMapping(prefix = "errandless.sms")
        ChannelConfig sms;
        @Inject
        @ConfigMapping(prefix = "errandless.push")
        ChannelConfig push;

        @Produces
        @ApplicationScoped
        DeliveryGateways gateways(ObjectMapper json,
                @ConfigProperty(name = DevelopmentAdapters.ALLOWED_KEY, defaultValue = "false")
                boolean devAdaptersAllowed) {
            Collection<String> profiles = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
            DeliveryGateways gateways = create(Map.of(MessageChannel.SMS, sms, MessageChannel.PUSH, push), profiles,
                    devAdaptersAllowed, json);
            for (MessageChannel channel : MessageChannel.values()) {
                LOG.infof("%s gateway: %s", channel, gateways.of(channel).name());
            }
            return gateways;
        }
    }
}
