package org.errandless.registry.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.registry.HouseholdType;
import org.errandless.registry.PersonStatus;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;
import org.junit.jupiter.api.Test;

/** COPY text rows: the columns in order, escaping, NULLs, and only protected ID and mobile numbers. */
class StagingRowsTest {

    private static final UUID IMPORT = UUID.fromString("7d4f0c2e-5b1a-4c8e-9f3d-2a6b8c0e1f47");
    private final PersonalDataProtector protector = new PersonalDataProtector(
            Base64.getDecoder().decode("uIAAA6DZzn+L7UN6JCumRuqJxXwQ6Jh1h4WmM5GbE00="));

    private List<String[]> rows(ImportRecord... records) throws Exception {
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        StagingRows rows = new StagingRows(IMPORT, protector, copied::write);
        long line = 1;
        for (ImportRecord record : records) {
            rows.write(line++, record);
        }
        rows.flush();
        assertEquals(records.length, rows.rows());
        return copied.toString(StandardCharsets.UTF_8).lines().map(row -> row.split("\t", -1)).toList();
    }

    @Test
    void aPersonRowHoldsCiphertextsAndBlindIndexesOnly() throws Exception {
        String id = "500103198803120516";
        String[] row = rows(new ImportRecord.Person("P-1", "H-1", id, "张伟", Sex.M, LocalDate.of(1988, 3, 12), "汉族",
                Relationship.HEAD, PersonStatus.ACTIVE, "13800000001")).get(0);
        assertEquals(22, row.length);
        assertEquals(IMPORT.toString(), row[0]);
        assertEquals("1", row[1]);
        assertEquals("PERSON", row[2]);
        assertEquals(id, protector.decrypt(PersonalDataKind.ID_NUMBER, row[9]));
        assertEquals(protector.blindIndex(PersonalDataKind.ID_NUMBER, id), row[10]);
        assertEquals("13800000001", protector.decrypt(PersonalDataKind.PHONE, row[16]));
        assertEquals(protector.blindIndex(PersonalDataKind.PHONE, "13800000001"), row[17]);
        assertEquals("\\N", row[18]);
        // the ids its record and history row get if the import creates it: two distinct version-7 UUIDs
        assertEquals(7, UUID.fromString(row[20]).version());
        assertEquals(7, UUID.fromString(row[21]).version());
        assertNotEquals(row[20], row[21]);
        String joined = String.join("\t", row);
        assertFalse(joined.contains(id) || joined.contains("13800000001"));
    }

    @Test
    void tabsNewlinesAndBackslashesAreEscapedAndRejectionsHaveNoType() throws Exception {
        List<String[]> rows = rows(new ImportRecord.Household("H\t1", "1", HouseholdType.FAMILY, "a\\b\nc\rd", "50010301"),
                new ImportRecord.Rejected("malformed-json", "The line is not one JSON object"));
        assertEquals("H\\t1", rows.get(0)[3]);
        assertEquals("a\\\\b\\nc\\rd", rows.get(0)[8]);
        assertEquals("\\N", rows.get(1)[2]);
        assertEquals("malformed-json", rows.get(1)[18]);
        assertEquals(7, UUID.fromString(rows.get(0)[20]).version());
        assertEquals("\\N", rows.get(1)[20]);
        assertEquals("\\N", rows.get(1)[21]);
    }

    @Test
    void manyRowsFlushInBoundedChunks() throws Exception {
        List<Integer> chunks = new java.util.ArrayList<>();
        StagingRows rows = new StagingRows(IMPORT, protector, (bytes, offset, length) -> chunks.add(length));
        for (int i = 0; i < 5000; i++) {
            rows.write(i + 1, new ImportRecord.Station("50010301", "渝中区解放碑派出所"));
        }
        rows.flush();
        assertTrue(chunks.size() > 1);
        assertTrue(chunks.stream().allMatch(length -> length < 80 * 1024), chunks.toString());
    }
}
