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

    /** The lockout after repeated failed sign-ins (and wrong second-factor codes). */
    Lockout lockout();

    /** The second factor (TOTP) of staff sign-ins. */
    Mfa mfa();

    /** How long a staff sign-in lasts (NIST 800-63B AAL2: reauthenticate every 12 hours and after 30 minutes idle). */
    Session session();

    /** The second factor (TOTP) of staff sign-ins. */
    interface Mfa {

        /**
         * How long an account may work without having enrolled, counted from its creation (or from the upgrade that
         * introduced the second factor, for older accounts). Within it a password sign-in may do everything; after it,
         * admin endpoints and officer decisions answer 403 {@code mfa-required} until the account has enrolled.
         */
        @WithDefault("7D")
        Duration enrolmentGrace();

        /**
         * Whether the demo staff (the officers and the supervisor that demo data seeds) may skip the second factor.
         * Only in a development run (dev, demo, test): anywhere else the application refuses to start with it on.
         */
        @WithDefault("false")
        boolean demoSkip();

        /** How long the second sign-in step (the {@code mfaToken} of a 401 {@code mfa-required}) accepts a code. */
        @WithDefault("5M")
        Duration challengeLifetime();

        /** How authenticator apps name the service (the issuer of the {@code otpauth://} URI). */
        @WithDefault("Errandless")
        String issuer();
    }

    /** How long a staff sign-in lasts; a refresh after either limit is refused and the sign-in revoked. */
    interface Session {

        /** From the sign-in to the last refresh allowed (the absolute limit). */
        @WithDefault("12H")
        Duration maxLifetime();

        /** Longest time without a refresh (the idle limit); access tokens live 15 minutes, so clients refresh. */
        @WithDefault("30M")
        Duration maxIdle();
    }

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
