package org.errandless.common.config;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.smallrye.config.SmallRyeConfig;

/**
 * The one guard for everything that makes dev, demo and test work without contracts or secrets, and must never carry
 * real citizens' traffic by accident. Every seeder and development adapter calls it when it starts.
 *
 * <ul>
 * <li><b>Demo data</b> (the demo register, the demo staff with their published password): only in a development run
 * (the dev, demo or test profile, and not prod). Anywhere else a start with {@value #DEMO_DATA_KEY}{@code =true} is
 * refused, naming the setting, whatever any other flag says: no opt-in exists.</li>
 * <li><b>Development adapters</b> (an SMS or push gateway that only logs, the demo carrier and face checks, the demo
 * sharing providers, generated signing keys and admin passwords): allowed in a development run; anywhere else only
 * with the explicit opt-in {@value #ALLOWED_KEY}{@code =true} (environment {@value #ALLOWED_VARIABLE}), for a
 * demonstration system, and then logged as a warning at every start, one line per adapter.</li>
 * </ul>
 * A run is a development run when one of the profiles dev, demo or test is active and prod is not: a profile list
 * such as {@code prod,demo} is prod, and an unknown profile (staging) counts as prod too.
 */
public final class DevelopmentAdapters {

    /** Opt-in that allows development adapters outside a development run. */
    public static final String ALLOWED_KEY = "errandless.dev-adapters.allowed";
    /** The environment variable of {@link #ALLOWED_KEY}. */
    public static final String ALLOWED_VARIABLE = "ERRANDLESS_DEV_ADAPTERS_ALLOWED";
    /** The setting that seeds the demo register and the demo staff. */
    public static final String DEMO_DATA_KEY = "errandless.demo-data.enabled";
    /** The environment variable of {@link #DEMO_DATA_KEY}. */
    public static final String DEMO_DATA_VARIABLE = "ERRANDLESS_DEMO_DATA_ENABLED";

    private static final Logger LOG = Logger.getLogger(DevelopmentAdapters.class);
    private static final Set<String> DEVELOPMENT_PROFILES = Set.of("dev", "demo", "test");

    private DevelopmentAdapters() {
    }

    /** Whether these profiles make a development run: dev, demo or test active, and prod not. */
    public static boolean isDevelopment(Collection<String> profiles) {
        return !profiles.contains("prod") && profiles.stream().anyMatch(DEVELOPMENT_PROFILES::contains);
    }

    /**
     * Refuses a development adapter where it is not allowed, and warns where only the opt-in allows it.
     *
     * @param adapter what is configured, for the message, e.g. {@code errandless.sms.gateway=log}
     * @param profiles the active configuration profiles
     * @param optIn the value of {@value #ALLOWED_KEY}
     * @throws IllegalStateException outside a development run without the opt-in, naming the setting and the way out
     */
    public static void requireAllowed(String adapter, Collection<String> profiles, boolean optIn) {
        requireAllowed(adapter, "", profiles, optIn);
    }

    /**
     * The same, with a sentence on what the adapter risks and what to configure instead, for the refusal's message.
     *
     * @param risk e.g. "It accepts made-up data, so anyone could pass identity verification. Configure ..."
     */
    public static void requireAllowed(String adapter, String risk, Collection<String> profiles, boolean optIn) {
        if (isDevelopment(profiles)) {
            return;
        }
        if (optIn) {
            LOG.warnf("%s is a development adapter, in use in profile %s only because %s=true (%s): this system must "
                    + "not serve real citizens", adapter, String.join(",", profiles), ALLOWED_KEY, ALLOWED_VARIABLE);
            return;
        }
        throw new IllegalStateException(adapter + " is a development adapter and is refused in profile "
                + String.join(",", profiles) + ". " + (risk.isBlank() ? "" : risk.strip() + " ")
                + "Configure the real service, or, on a demonstration system only, set " + ALLOWED_KEY + "=true ("
                + ALLOWED_VARIABLE + ").");
    }

    /** {@link #requireAllowed(String, Collection, boolean)} with the running application's profiles and opt-in. */
    public static void requireAllowed(String adapter) {
        requireAllowed(adapter, "", profiles(), optIn());
    }

    /**
     * Refuses demo data outside a development run, whatever the flags say.
     *
     * @param what what would be seeded, for the message, e.g. "the demo staff (published password)"
     * @param enabled the value of {@value #DEMO_DATA_KEY}
     * @return whether to seed: {@code enabled} in a development run
     * @throws IllegalStateException when enabled outside a development run, naming the setting
     */
    public static boolean demoDataAllowed(String what, Collection<String> profiles, boolean enabled) {
        if (!enabled) {
            return false;
        }
        if (!isDevelopment(profiles)) {
            throw new IllegalStateException(DEMO_DATA_KEY + "=true (" + DEMO_DATA_VARIABLE + ") is refused in profile "
                    + String.join(",", profiles) + ": " + what + " must never reach a production system, and no flag "
                    + "allows it. Unset " + DEMO_DATA_VARIABLE + " (for a local try-out run with "
                    + "-Dquarkus.profile=demo instead).");
        }
        return true;
    }

    /** The active configuration profiles of the running application. */
    public static List<String> profiles() {
        return ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
    }

    /** The running application's {@value #ALLOWED_KEY}. */
    public static boolean optIn() {
        Config config = ConfigProvider.getConfig();
        return config.getOptionalValue(ALLOWED_KEY, Boolean.class).orElse(false);
    }
}
