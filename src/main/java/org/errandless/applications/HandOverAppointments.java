package org.errandless.applications;

/**
 * SPI: the appointment of an application's hand-over, as the application's representation shows it
 * ({@link ApplicationView#appointment()}), kept by a feature built on applications in tables of its own.
 *
 * <p>The feature contributes a SQL expression that the one statement of an application read evaluates (so showing
 * the appointment costs no round trip): over the application row aliased {@code a}, it yields the application's
 * latest appointment that was not cancelled as JSON text with the members {@code id}, {@code stationCode},
 * {@code date} (ISO date), {@code period}, {@code startsAt}, {@code endsAt} (timestamps with an offset),
 * {@code status}, {@code bookedAt}, {@code outcomeAt}; or null. A feature that changes what this shows calls
 * {@link ApplicationLookup#changed} in its transaction, so kept answers are dropped and tags move.
 */
public interface HandOverAppointments {

    /** The SQL expression (text or null), e.g. {@code (select ... from appointment where application_id = a.id)}. */
    String column();
}
