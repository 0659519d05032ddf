package org.errandless.identity.staff;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Start-up refuses a missing or unusable bootstrap admin before it touches the database. */
class StaffBootstrapTest {

    @Test
    void prodWithoutCredentialsRefusesToStartNamingTheVariables() {
        for (BootstrapAdminConfig config : new BootstrapAdminConfig[] { config(null, null, false),
                config("admin", null, false), config(null, "long-enough-password", false),
                config("  ", "long-enough-password", false), config(null, null, true) }) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> bootstrap(config)
                    .seedBootstrapAdmin());
            assertTrue(refused.getMessage().contains("ERRANDLESS_BOOTSTRAP_ADMIN_USERNAME"), refused.getMessage());
            assertTrue(refused.getMessage().contains("ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD"), refused.getMessage());
        }
    }

    @Test
    void unusableCredentialsRefuseToStart() {
        IllegalStateException shortPassword = assertThrows(IllegalStateException.class,
                () -> bootstrap(config("admin", "too-short", false)).seedBootstrapAdmin());
        assertTrue(shortPassword.getMessage().contains("ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD"));
        IllegalStateException badName = assertThrows(IllegalStateException.class,
                () -> bootstrap(config("the admin", "long-enough-password", false)).seedBootstrapAdmin());
        assertTrue(badName.getMessage().contains("ERRANDLESS_BOOTSTRAP_ADMIN_USERNAME"));
    }

    private static StaffBootstrap bootstrap(BootstrapAdminConfig config) {
        StaffBootstrap bootstrap = new StaffBootstrap();
        bootstrap.admin = config;
        return bootstrap;
    }

    private static BootstrapAdminConfig config(String username, String password, boolean generate) {
        return new BootstrapAdminConfig() {
            @Override
            public Optional<String> username() {
                return Optional.ofNullable(username);
            }

            @Override
            public Optional<String> password() {
                return Optional.ofNullable(password);
            }

            @Override
            public boolean generatePassword() {
                return generate;
            }
        };
    }
}
