package org.errandless.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.errandless.common.problem.ProblemException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

/**
 * Loads the bundled holiday arrangements ({@code reference/holidays-cn-<year>.json}) at startup, in every profile,
 * for each year the database does not have yet. Runs after Flyway has migrated.
 */
@ApplicationScoped
public class CalendarSeeder {

    private static final Logger LOG = Logger.getLogger(CalendarSeeder.class);

    /** Where the bundled files live, with the year in place of {@code %d}. */
    static final String RESOURCE = "reference/holidays-cn-%d.json";

    private final CalendarService calendar;
    private final ObjectMapper json;

    public CalendarSeeder(CalendarService calendar, ObjectMapper json) {
        this.calendar = calendar;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        loadBundledYears();
    }

    /**
     * Loads every bundled year missing from the database.
     *
     * @return how many years this call loaded
     */
    public int loadBundledYears() {
        // Directory listings of the class path differ between the IDE, the fast-jar and native images; asking for
        // each supported year by name works everywhere and costs a few hundred map look-ups.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        int loaded = 0;
        for (int year = HolidayArrangement.MIN_YEAR; year <= HolidayArrangement.MAX_YEAR; year++) {
            String resource = RESOURCE.formatted(year);
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    continue;
                }
                HolidayArrangement arrangement = HolidayArrangement.read(json, in);
                if (arrangement.year() != year) {
                    throw new IllegalStateException(resource + " holds the arrangement of " + arrangement.year());
                }
                if (load(resource, arrangement)) {
                    loaded++;
                    LOG.infof("Loaded the %d holiday arrangement from %s", year, resource);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + resource, e);
            }
        }
        return loaded;
    }

    private boolean load(String resource, HolidayArrangement arrangement) {
        try {
            return calendar.loadYearIfAbsent(arrangement);
        } catch (ProblemException e) {
            // a broken bundled file is a build mistake: say exactly what is wrong with it
            throw new IllegalStateException(resource + " is not a valid holiday arrangement: " + e.invalidParams(), e);
        }
    }
}
