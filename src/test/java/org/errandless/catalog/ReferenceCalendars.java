package org.errandless.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The bundled holiday arrangements, read without Quarkus. */
final class ReferenceCalendars {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private ReferenceCalendars() {
    }

    /** The bundled arrangement of a year. */
    static HolidayArrangement arrangement(int year) {
        String resource = CalendarSeeder.RESOURCE.formatted(year);
        try (InputStream in = ReferenceCalendars.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not bundled");
            }
            return HolidayArrangement.read(JSON, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A calendar covering 2026 only, as bundled. */
    static CalendarSnapshot only2026() {
        return CalendarSnapshot.builder().year(arrangement(2026)).build();
    }
}
