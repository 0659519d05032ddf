package org.errandless.identity.token;

import java.time.Duration;

/**
 * How long sign-ins of one account type may last: a refresh is refused (and the sign-in revoked) once
 * {@link #maxLifetime()} has passed since the sign-in, or {@link #maxIdle()} since its latest refresh, both on the
 * business clock. Account types without an implementation keep their refresh tokens' own lifetime only.
 */
public interface SessionLimits {

    /** The account type these limits are for ({@code acct}, e.g. STAFF). */
    String accountType();

    /** Longest time from the sign-in to the last refresh allowed. */
    Duration maxLifetime();

    /** Longest time between two refreshes (or the sign-in and the first). */
    Duration maxIdle();
}
