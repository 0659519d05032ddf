package org.errandless.registry.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.errandless.common.crypto.PersonalDataProtector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several threads stage the lines, the rows still come out in line order, one per non-blank line. */
class StagingPipelineTest {

    private static final UUID IMPORT = UUID.fromString("7d4f0c2e-5b1a-4c8e-9f3d-2a6b8c0e1f47");
    private static final int MAX_LINE = 512;
    private final PersonalDataProtector protector = new PersonalDataProtector(
            Base64.getDecoder().decode("uIAAA6DZzn+L7UN6JCumRuqJxXwQ6Jh1h4WmM5GbE00="));
    private final ExecutorService workers = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void rowsKeepLineOrderAcrossBatchesWithBlankTooLongAndInvalidLines() throws Exception {
        StringBuilder extract = new StringBuilder();
        int lines = StagingPipeline.BATCH_LINES * 7 + 123;
        List<Long> expectedNumbers = new ArrayList<>();
        long expectedRejected = 0;
        for (int line = 1; line <= lines; line++) {
            if (line % 97 == 0) {
                extract.append("   \n");
                continue;
            }
            expectedNumbers.add((long) line);
            if (line % 501 == 0) {
                extract.append("{\"type\":\"HOUSEHOLD\",\"key\":\"").append("x".repeat(MAX_LINE)).append("\"}\n");
                expectedRejected++;
            } else if (line % 333 == 0) {
                extract.append("{not json\n");
                expectedRejected++;
            } else {
                extract.append("{\"type\":\"HOUSEHOLD\",\"key\":\"H-").append(line)
                        .append("\",\"number\":\"5001030100001\",\"householdType\":\"family\",\"address\":\"a\","
                                + "\"station\":\"50010301\"}\r\n");
            }
        }
        ImportLines input = new ImportLines(
                new ByteArrayInputStream(extract.toString().getBytes(StandardCharsets.UTF_8)), MAX_LINE);
        ByteArrayOutputStream copied = new ByteArrayOutputStream();

        StagingPipeline.Totals totals = new StagingPipeline(workers, 3, IMPORT, protector, LocalDate.of(2026, 9, 30),
                MAX_LINE).run(input, copied::write);

        List<String[]> rows = copied.toString(StandardCharsets.UTF_8).lines().map(row -> row.split("\t", -1))
                .toList();
        assertEquals(expectedNumbers.size(), rows.size());
        assertEquals(expectedNumbers.size(), totals.rows());
        assertEquals(expectedRejected, totals.rejected());
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            long number = expectedNumbers.get(i);
            assertEquals(Long.toString(number), row[1]);
            if (number % 501 != 0 && number % 333 != 0) {
                assertEquals("H-" + number, row[3], "the row of line " + number);
            } else {
                assertEquals("\\N", row[2], "line " + number + " is rejected");
            }
        }
    }
}
