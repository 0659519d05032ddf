package org.errandless.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.errandless.common.problem.Problem;
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
    private final DataSource dataSource;

    public CalendarSeeder(CalendarService calendar, ObjectMapper json, DataSource dataSource) {
        this.calendar = calendar;
        this.json = json;
        this.dataSource = dataSource;
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
        Map<String, HolidayArrangement> bundled = new LinkedHashMap<>();
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
                // every bundled file is checked at every start, loaded or not: a broken one is a build mistake
                List<Problem.InvalidParam> problems = HolidayArrangement.problems(arrangement.year(),
                        arrangement.source(), arrangement.holidays(), arrangement.makeUpWorkdays());
                if (!problems.isEmpty()) {
                    throw new IllegalStateException(resource + " is not a valid holiday arrangement: " + problems);
                }
                bundled.put(resource, arrangement);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + resource, e);
            }
        }
        Set<Integer> present = presentYears(bundled.values());
        int loaded = 0;
        for (Map.Entry<String, HolidayArrangement> entry : bundled.entrySet()) {
            int year = entry.getValue().year();
            if (!present.contains(year) && load(entry.getKey(), entry.getValue())) {
                loaded++;
                LOG.infof("Loaded the %d holiday arrangement from %s", year, entry.getKey());
            }
        }
        return loaded;
    }

    /**
     * Which of these years the database has. One read on a connection of its own, outside any transaction: a
     * restart that finds every bundled year starts no transaction for the calendar.
     */
    private Set<Integer> presentYears(Iterable<HolidayArrangement> arrangements) {
        Set<Integer> years = new HashSet<>();
        arrangements.forEach(arrangement -> years.add(arrangement.year()));
        Set<Integer> present = new HashSet<>();
        if (years.isEmpty()) {
            return present;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection
                        .prepareStatement("select year from calendar_year where year = any (?)")) {
            query.setArray(1, connection.createArrayOf("integer", years.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the loaded calendar years", e);
        }
        return present;
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
