package org.errandless.identity.staff;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.identity.token.SessionLimits;

/** Staff sign-ins end 12 hours after the sign-in and after 30 minutes without a refresh (both configurable). */
@ApplicationScoped
public class StaffSessionLimits implements SessionLimits {

    @Inject
    StaffConfig config;

    @Override
    public String accountType() {
        return StaffSubjects.ACCOUNT_TYPE;
    }

    @Override
    public Duration maxLifetime() {
        return config.session().maxLifetime();
    }

    @Override
    public Duration maxIdle() {
        return config.session().maxIdle();
    }
}
