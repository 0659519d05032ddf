package org.errandless.sharing.providers;

import java.net.URI;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.catalog.SourceDepartment;
import org.errandless.common.config.DevelopmentAdapters;
import org.errandless.common.http.OutboundJsonClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/**
 * Chooses each department's adapter by configuration ({@code errandless.sharing.providers.<department>.mode}:
 * {@code off}, {@code demo} or {@code http}) and checks the choices at startup, so a system that would fetch made-up
 * records, or call a department without an address or credentials, does not start.
 *
 * <p>{@code off} is always allowed: the citizen uploads the material instead. {@code demo} is a development adapter
 * ({@link DevelopmentAdapters}: refused outside dev, demo and test unless allowed explicitly). {@code http} needs an
 * http(s) URL and an API key. Tests select adapters of their own by installing an instance made with
 * {@link #SharedDataProviders(Map)}.
 */
@ApplicationScoped
public class SharedDataProviders {

    private static final Logger LOG = Logger.getLogger(SharedDataProviders.class);

    static final String OFF = "off";
    static final String DEMO = "demo";
    static final String HTTP = "http";

    @Inject
    SharingProvidersConfig config;
    @ConfigProperty(name = DevelopmentAdapters.ALLOWED_KEY, defaultValue = "false")
    boolean devAdaptersAllowed;
    @Inject
    SharedDataCalls calls;
    @Inject
    ObjectMapper json;

    private Map<SourceDepartment, SharedDataProvider> providers;

    SharedDataProviders() {
        // chosen from configuration
    }

    /** Fixed adapters; a department without one is off. */
    public SharedDataProviders(Map<SourceDepartment, SharedDataProvider> providers) {
        this.providers = new EnumMap<>(SourceDepartment.class);
        this.providers.putAll(providers);
    }

    void checkAtStartup(@Observes StartupEvent event) {
        all();
    }

    /** The adapter that asks this department; for a department that is off, one that is always unavailable. */
    public SharedDataProvider provider(SourceDepartment department) {
        SharedDataProvider provider = all().get(department);
        return provider == null ? new OffProvider(department) : provider;
    }

    /** Whether anything is asked of this department at all (its mode is not {@code off}). */
    public boolean enabled(SourceDepartment department) {
        return all().containsKey(department);
    }

    private synchronized Map<SourceDepartment, SharedDataProvider> all() {
        if (providers == null) {
            Collection<String> profiles = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
            Map<SourceDepartment, SharedDataProvider> chosen = new EnumMap<>(SourceDepartment.class);
            DemoSharedRecords demoRecords = null;
            for (SourceDepartment department : SourceDepartment.values()) {
                SharingProvidersConfig.Department settings = config.of(department);
                String mode = check(department, settings, profiles, devAdaptersAllowed);
                switch (mode) {
                    case DEMO -> {
                        if (demoRecords == null) {
                            demoRecords = DemoSharedRecords.load(json);
                        }
                        chosen.put(department, new DemoSharedDataProvider(department, demoRecords));
                        LOG.warnf("%s.mode=demo: shared materials come from made-up demo records", prefix(department));
                    }
                    case HTTP -> chosen.put(department, new HttpSharedDataProvider(department,
                            new OutboundJsonClient(department.name() + " data-sharing service",
                                    URI.create(settings.url().orElseThrow().strip()), settings.apiKey().orElseThrow(),
                                    settings.connectTimeout(), settings.readTimeout(), json), calls, json));
                    default -> LOG.infof("%s.mode=off: its shared materials are uploaded by citizens instead",
                            prefix(department));
                }
            }
            providers = chosen;
        }
        return providers;
    }

    /** The configuration prefix of a department, e.g. {@code errandless.sharing.providers.civil-affairs}. */
    static String prefix(SourceDepartment department) {
        return "errandless.sharing.providers." + department.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Refuses a choice that cannot stand: an unknown mode, the demo adapter where development adapters are not
     * allowed, or the http adapter without an http(s) URL and an API key.
     *
     * @return the mode, trimmed and in lower case
     * @throws IllegalStateException saying what is wrong and how to fix it (never the API key)
     */
    static String check(SourceDepartment department, SharingProvidersConfig.Department settings,
            Collection<String> profiles, boolean devAdaptersAllowed) {
        String prefix = prefix(department);
        String mode = settings.mode() == null ? "" : settings.mode().strip().toLowerCase(Locale.ROOT);
        switch (mode) {
            case OFF -> {
                // always allowed: citizens upload instead
            }
            case DEMO -> DevelopmentAdapters.requireAllowed(prefix + ".mode=demo", profiles, devAdaptersAllowed);
            case HTTP -> {
                String variable = "ERRANDLESS_SHARING_" + department.name() + "_API_KEY";
                if (settings.url().filter(value -> !value.isBlank()).isEmpty()
                        || settings.apiKey().filter(value -> !value.isBlank()).isEmpty()) {
                    throw new IllegalStateException(prefix + ".mode=http needs " + prefix + ".url and an API key ("
                            + prefix + ".api-key, env " + variable + ").");
                }
                if (!settings.url().get().strip().matches("(?i)https?://\\S+")) {
                    throw new IllegalStateException(prefix + ".url must be an http(s) URL.");
                }
            }
            default -> throw new IllegalStateException(prefix + ".mode=" + mode + " is unknown: use off (citizens "
                    + "upload the material), http (the department's service) or demo (development only).");
        }
        return mode;
    }

    /** A department that is off: nothing is asked, so nothing is known. */
    private record OffProvider(SourceDepartment department) implements SharedDataProvider {
        @Override
        public SharedDataAnswer find(SharedDataQuery query) {
            return new SharedDataAnswer.Unavailable(prefix(department) + " is off");
        }
    }
}
