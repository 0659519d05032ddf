package org.errandless.identity.staff;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Staff sign-in settings. */
@ConfigMapping(prefix = "errandless.staff")
public interface StaffConfig {

    /** bcrypt cost (log2 of the rounds) of new password hashes; hashes of a lower cost are upgraded at sign-in. */
    @WithDefault("12")
    int bcryptCost();

    /** The lockout after repeated failed sign-ins. */
    Lockout lockout();

    /** The lockout after repeated failed sign-ins. */
    interface Lockout {

        /** Failed sign-ins in a row (for one username) that lock it. */
        @WithDefault("5")
        int maxFailures();

        /** How long a lockout lasts; also how long a quiet period must be before earlier failures are forgotten. */
        @WithDefault("15M")
        Duration duration();
    }
}
