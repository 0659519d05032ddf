package org.errandless.common.time;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The business clock: what "today" and "now" mean for deadlines, quotas and expiries.
 *
 * <p>Fixed in tests ({@code errandless.clock.fixed}) so deadlines are deterministic; token lifetimes keep system time.
 * Business dates are in Asia/Shanghai.
 */
@ApplicationScoped
public class BusinessClock {

    /** The zone business dates are counted in. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Clock clock;

    public BusinessClock(@ConfigProperty(name = "errandless.clock.fixed") Optional<Instant> fixed) {
        this.clock = fixed.map(instant -> Clock.fixed(instant, ZONE)).orElseGet(() -> Clock.system(ZONE));
    }

    /** The clock itself, for code that takes a {@link Clock}. */
    @Produces
    @ApplicationScoped
    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Today's date in Asia/Shanghai. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }
}
