package org.errandless.registry.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeOrderedIdsTest {

    /** RFC 9562 version 7: the millisecond first, version 7, variant 10, and the rest different every time. */
    @ParameterizedTest
    @ValueSource(longs = { 0L, 1L, 1_764_892_800_000L, 1_796_428_800_123L, 0xFFFF_FFFF_FFFFL })
    void layoutIsVersion7WithTheMillisecondFirst(long millis) {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            UUID id = TimeOrderedIds.next(millis);
            assertEquals(7, id.version());
            assertEquals(2, id.variant());
            assertEquals(millis, id.getMostSignificantBits() >>> 16);
            assertEquals(id, UUID.fromString(id.toString()));
            ids.add(id);
        }
        assertEquals(2_000, ids.size(), "74 random bits: no repeats");
    }

    /** Ids of later milliseconds sort after earlier ones, as PostgreSQL compares uuids (unsigned, byte by byte). */
    @ParameterizedTest
    @ValueSource(longs = { 1_764_892_800_000L, 1_796_428_800_999L })
    void laterMillisecondsSortLaterInPostgresOrder(long millis) {
        for (int step = 1; step < 1_000; step *= 3) {
            String earlier = TimeOrderedIds.next(millis).toString();
            String later = TimeOrderedIds.next(millis + step).toString();
            assertTrue(earlier.compareTo(later) < 0, earlier + " < " + later);
        }
    }
}
