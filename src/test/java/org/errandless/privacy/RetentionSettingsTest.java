package org.errandless.privacy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.Period;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retention settings the application starts with, and how a period turns into a cutoff. */
class RetentionSettingsTest {

    @ParameterizedTest
    @CsvSource({ "P3Y, P30Y, P1Y", "P5Y, P30Y, P1Y", "P36M, P1D, P1D", "P100Y, P100Y, P100Y" })
    void acceptedSettings(String accessRecords, String closed, String unattached) {
        assertDoesNotThrow(() -> RetentionPurge.validate(retention(accessRecords, closed, unattached)));
    }

    @ParameterizedTest
    @CsvSource({ "P2Y, P30Y, P1Y, access-records", "P2Y11M30D, P30Y, P1Y, access-records",
            "P0D, P30Y, P1Y, access-records", "P5Y, P0D, P1Y, closed-application-documents",
            "P5Y, P30Y, -P1Y, unattached-documents" })
    void refusedSettings(String accessRecords, String closed, String unattached, String key) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RetentionPurge.validate(retention(accessRecords, closed, unattached)));
        assertTrue(refused.getMessage().contains("errandless.privacy.retention." + key), refused.getMessage());
    }

    @ParameterizedTest
    @CsvSource({ "2026-09-30T02:00:00Z, P5Y, 2021-09-30T02:00:00Z",
            // calendar years in Asia/Shanghai: a leap day steps back to the 28th
            "2028-02-29T04:00:00Z, P1Y, 2027-02-28T04:00:00Z",
            "2026-03-01T15:59:59Z, P1D, 2026-02-28T15:59:59Z" })
    void aPeriodIsCountedInCalendarDaysOfChongqing(String asOf, String period, String cutoff) {
        assertEquals(Instant.parse(cutoff), RetentionPurge.before(Instant.parse(asOf), Period.parse(period)));
    }

    private static PrivacyConfig.Retention retention(String accessRecords, String closed, String unattached) {
        return new PrivacyConfig.Retention() {
            @Override
            public Period accessRecords() {
                return Period.parse(accessRecords);
            }

            @Override
            public Period closedApplicationDocuments() {
                return Period.parse(closed);
            }

            @Override
            public Period unattachedDocuments() {
                return Period.parse(unattached);
            }
        };
    }
}
