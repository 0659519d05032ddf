package org.errandless.common.config;

import java.util.Collection;
import java.util.Set;

/**
 * The guard for development adapters: stand-ins for outside services (an SMS gateway that only logs, a fake carrier
 * check) that make dev, demo and tests work without contracts, and that must never carry real traffic by accident.
 *
 * <p>They run where a dev, demo or test profile is active. Anywhere else (prod) a feature that is configured to use one
 * refuses to start, unless the operator opts in with {@value #ALLOWED_KEY}{@code =true} (a staging system without a
 * provider contract, say).
 */
public final class DevelopmentAdapters {

    /** Opt-in that allows development adapters outside dev, demo and test. */
    public static final String ALLOWED_KEY = "errandless.dev-adapters.allowed";

    private static final Set<String> DEVELOPMENT_PROFILES = Set.of("dev", "demo", "test");

    private DevelopmentAdapters() {
    }

    /**
     * Refuses a development adapter where it is not allowed.
     *
     * @param adapter what is configured, for the message, e.g. {@code errandless.sms.gateway=log}
     * @param profiles the active configuration profiles
     * @param allowed the value of {@value #ALLOWED_KEY}
     * @throws IllegalStateException outside dev, demo and test without the opt-in, naming the setting and the way out
     */
    public static void requireAllowed(String adapter, Collection<String> profiles, boolean allowed) {
        if (allowed || profiles.stream().anyMatch(DEVELOPMENT_PROFILES::contains)) {
            return;
        }
        throw new IllegalStateException(adapter + " is a development adapter and is refused in profile "
                + String.join(",", profiles) + ": configure the real service, or set " + ALLOWED_KEY
                + "=true (ERRANDLESS_DEV_ADAPTERS_ALLOWED) if this system is meant to run without it");
    }
}
