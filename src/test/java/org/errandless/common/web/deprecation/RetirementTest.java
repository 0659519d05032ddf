package org.errandless.common.web.deprecation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wire forms of a retirement and the versioning policy's year of notice. */
class RetirementTest {

    private static final URI NOTE = URI.create("https://errandless.example/changes#getThing");

    @Test
    void headersInTheFormsOfRfc9745AndRfc8594() {
        Retirement retirement = new Retirement(LocalDate.of(2026, 12, 5), LocalDate.of(2027, 12, 31), NOTE);
        assertEquals("@1796428800", retirement.deprecationHeader());
        assertEquals("Fri, 31 Dec 2027 00:00:00 GMT", retirement.sunsetHeader());
        assertEquals("<https://errandless.example/changes#getThing>; rel=\"deprecation\"; type=\"text/html\"",
                retirement.linkHeader());
    }

    @ParameterizedTest
    @CsvSource({"2026-12-05,2027-12-04", "2026-12-05,2026-12-05", "2028-02-29,2029-02-27"})
    void lessThanAYearOfNoticeIsRefused(LocalDate deprecatedOn, LocalDate sunsetOn) {
        assertThrows(IllegalArgumentException.class, () -> new Retirement(deprecatedOn, sunsetOn, NOTE));
    }

    @ParameterizedTest
    @CsvSource({"2026-12-05,2027-12-05", "2028-02-29,2029-02-28", "2026-01-01,2030-01-01"})
    void aYearOrMoreIsAccepted(LocalDate deprecatedOn, LocalDate sunsetOn) {
        assertEquals(sunsetOn, new Retirement(deprecatedOn, sunsetOn, NOTE).sunsetOn());
    }

    @Test
    void theMigrationNoteIsAnAbsoluteUrl() {
        assertThrows(IllegalArgumentException.class, () -> new Retirement(LocalDate.of(2026, 12, 5),
                LocalDate.of(2027, 12, 31), URI.create("/changes")));
    }
}
