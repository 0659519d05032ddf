package org.errandless.identity.staff;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.errandless.common.config.DevelopmentAdapters;
import org.errandless.common.security.SecondFactor;
import org.errandless.identity.mfa.SecondFactors;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/**
 * Who must use a second factor when: every staff account once it has enrolled; an account that has not may work with
 * its password alone until its enrolment grace period ends ({@code errandless.staff.mfa.enrolment-grace}, counted from
 * {@link StaffAccount#mfaGraceFrom}), and the demo staff may skip it altogether where
 * {@code errandless.staff.mfa.demo-skip} is on, which only a development run allows (the prod guard refuses the start).
 * Tokens carry the outcome ({@link SecondFactor}), decided anew at each sign-in and refresh.
 */
@ApplicationScoped
public class StaffMfaRules {

    static final String DEMO_SKIP_KEY = "errandless.staff.mfa.demo-skip";

    @Inject
    StaffConfig config;
    @Inject
    SecondFactors secondFactors;

    void checkAtStartup(@Observes StartupEvent event) {
        checkDemoSkip(config.mfa().demoSkip(), ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles());
    }

    /**
     * Refuses the demo skip outside a development run, through the one guard for development settings; with no
     * opt-in (a demo account without a second factor must never reach a production system, whatever else is allowed).
     *
     * @throws IllegalStateException when on outside a development run
     */
    static void checkDemoSkip(boolean demoSkip, Collection<String> profiles) {
        if (demoSkip) {
            DevelopmentAdapters.requireAllowed(DEMO_SKIP_KEY + "=true", profiles, false);
        }
    }

    /**
     * Where an account stands.
     *
     * @param enrolled sign-ins need a code
     * @param exempt a demo account with the demo skip on
     * @param enrolBy for an account that has not enrolled: the end of its grace period (maybe past)
     */
    public record Standing(boolean enrolled, boolean exempt, Instant enrolBy) {

        /** Whether the account is told to enrol (it has not, and is not exempt). */
        public boolean enrolmentRequired() {
            return !enrolled && !exempt;
        }

        /** Whether a password sign-in may do what needs the second factor at {@code now}. */
        public boolean waived(Instant now) {
            return exempt || (!enrolled && enrolBy != null && now.isBefore(enrolBy));
        }
    }

    /** Where the account stands as to the second factor. */
    Standing standing(StaffAccount account) {
        boolean enrolled = secondFactors.active(account.id);
        boolean exempt = !enrolled && config.mfa().demoSkip() && StaffBootstrap.isDemoUsername(account.username);
        Instant graceFrom = account.mfaGraceFrom != null ? account.mfaGraceFrom : account.createdAt;
        return new Standing(enrolled, exempt, enrolled ? null : graceFrom.plus(config.mfa().enrolmentGrace()));
    }

    /** The claims that let a password-only token do what needs the second factor, while that is allowed. */
    static Map<String, Object> claims(Standing standing, Instant now) {
        if (standing.exempt()) {
            return Map.of(SecondFactor.EXEMPT_CLAIM, Boolean.TRUE);
        }
        if (standing.waived(now)) {
            return Map.of(SecondFactor.ENROL_BY_CLAIM, standing.enrolBy().getEpochSecond());
        }
        return Map.of();
    }
}
