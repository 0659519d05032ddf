package org.errandless.registry;

import java.util.Collection;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/**
 * Prepares the register at startup, in order: the divisions (every profile), a check that the configured data key
 * can read the stored register, then the demo population where {@code errandless.demo-data.enabled} is set (never in
 * prod, whatever the flag says).
 */
@Singleton
class RegistryStartup {

    private static final Logger LOG = Logger.getLogger(RegistryStartup.class);

    @Inject
    DivisionLoader divisionLoader;
    @Inject
    RegisterKeyCheck keyCheck;
    @Inject
    DemoDataSeeder seeder;

    @ConfigProperty(name = "errandless.demo-data.enabled", defaultValue = "false")
    boolean demoDataEnabled;

    /** Demo data only where enabled, and never in prod even if enabled there by mistake. */
    static boolean seedsDemoData(boolean enabled, Collection<String> profiles) {
        return enabled && !profiles.contains("prod");
    }

    void onStart(@Observes @Priority(100) StartupEvent event) {
        divisionLoader.load();
        keyCheck.verify();
        List<String> profiles = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
        if (!seedsDemoData(demoDataEnabled, profiles)) {
            if (demoDataEnabled) {
                LOG.warn("errandless.demo-data.enabled is ignored in the prod profile: prod never gets demo data");
            }
            return;
        }
        DemoDataSeeder.Result result = seeder.seed();
        if (result.households() > 0) {
            LOG.infof("Demo data: %d stations, %d households, %d persons, %d demo mobiles added", result.stations(),
                    result.households(), result.persons(), result.mobiles());
        }
    }
}
