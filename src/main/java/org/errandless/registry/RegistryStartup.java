package org.errandless.registry;

import java.util.Collection;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.common.config.DevelopmentAdapters;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Prepares the register at startup, in order: the divisions (every profile), a check that the configured data key
 * can read the stored register, then the demo population where {@code errandless.demo-data.enabled} is set (never in
 * prod: there the flag refuses the start).
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

    @ConfigProperty(name = DevelopmentAdapters.DEMO_DATA_KEY, defaultValue = "false")
    boolean demoDataEnabled;

    /**
     * Demo data only where enabled, in a development run; enabled anywhere else (prod) refuses the start, naming the
     * setting (see {@link DevelopmentAdapters#demoDataAllowed}).
     */
    static boolean seedsDemoData(boolean enabled, Collection<String> profiles) {
        return DevelopmentAdapters.demoDataAllowed("the demo register (made-up households and persons)", profiles,
                enabled);
    }

    void onStart(@Observes @Priority(100) StartupEvent event) {
        // refused (prod with the demo flag) before the register is touched at all
        boolean seed = seedsDemoData(demoDataEnabled, DevelopmentAdapters.profiles());
        // each step asks first, in one read outside any transaction, whether it has anything to do: a restart onto
        // a prepared register writes nothing and leaves the first transaction and session to the first request
        if (!divisionLoader.current()) {
            divisionLoader.load();
        }
        keyCheck.verify();
        if (!seed || seeder.complete()) {
            return;
        }
        DemoDataSeeder.Result result = seeder.seed();
        if (result.households() > 0) {
            LOG.infof("Demo data: %d stations, %d households, %d persons, %d demo mobiles added", result.stations(),
                    result.households(), result.persons(), result.mobiles());
        }
    }
}
