package org.errandless.identity.staff;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The first admin account, created at start-up when no account has its username. */
@ConfigMapping(prefix = "errandless.bootstrap-admin")
public interface BootstrapAdminConfig {

    /** Username of the bootstrap admin (env {@code ERRANDLESS_BOOTSTRAP_ADMIN_USERNAME}); required in prod. */
    Optional<String> username();

    /** Its initial password (env {@code ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD}); required in prod. */
    Optional<String> password();

    /**
     * Whether a random password may be generated (and logged once) when none is configured: dev and demo only.
     */
    @WithDefault("false")
    boolean generatePassword();
}
