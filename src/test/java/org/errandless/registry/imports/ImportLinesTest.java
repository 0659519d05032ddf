package org.errandless.registry.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Line splitting with bounded memory: hand-made cases and thousands of seeded random streams. */
class ImportLinesTest {

    /** What the reader saw: line texts, "!" for a line that was too long. */
    private static List<String> read(InputStream in, int maxLength) throws IOException {
        ImportLines lines = new ImportLines(in, maxLength);
        List<String> seen = new ArrayList<>();
        long expectedNumber = 1;
        while (lines.next()) {
            assertEquals(expectedNumber++, lines.number());
            seen.add(lines.tooLong() ? "!" : new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8));
        }
        assertFalse(lines.next(), "the end stays the end");
        return seen;
    }

    private static List<String> read(String text, int maxLength) throws IOException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLength);
    }

    @Test
    void linesEndWithLineFeedOrCarriageReturnLineFeedAndTheLastNeedsNoEnd() throws IOException {
        assertEquals(List.of("a", "b", "", "c"), read("a\nb\r\n\nc", 10));
        assertEquals(List.of("a"), read("a\n", 10));
        assertEquals(List.of(), read("", 10));
        assertEquals(List.of(""), read("\n", 10));
        assertEquals(List.of("a\rb"), read("a\rb\n", 10));
    }

    @Test
    void aLineLongerThanAllowedIsReportedNotKept() throws IOException {
        assertEquals(List.of("12345", "!", "ok"), read("12345\n123456\nok\n", 5));
        assertEquals(List.of("!", "x"), read("x".repeat(200_000) + "\nx", 5));
    }

    @Test
    void blankMeansSpacesAndTabsOnly() throws IOException {
        ImportLines lines = new ImportLines(new ByteArrayInputStream(" \t \n x \n".getBytes()), 10);
        assertTrue(lines.next());
        assertTrue(lines.blank());
        assertTrue(lines.next());
        assertFalse(lines.blank());
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 2000).mapToObj(i -> 20261204L + i);
    }

    /**
     * Random lines (some empty, some long, some with CR) split by random reads: the same lines as a plain split,
     * long ones flagged, whatever the chunking.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void anyChunkingGivesTheSameLines(long seed) throws IOException {
        Random random = new Random(seed);
        int maxLength = 1 + random.nextInt(40);
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(30);
        for (int i = 0; i < count; i++) {
            int length = random.nextInt(random.nextBoolean() ? 10 : 60);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < length; c++) {
                line.append((char) ('a' + random.nextInt(26)));
            }
            boolean crlf = random.nextInt(4) == 0;
            boolean last = i == count - 1;
            text.append(line);
            boolean ended = !last || random.nextBoolean();
            if (ended) {
                text.append(crlf ? "\r\n" : "\n");
            }
            if (ended || line.length() > 0) {
                // an empty last line without an end is no line at all
                expected.add(line.length() > maxLength ? "!" : line.toString());
            }
        }
        InputStream chunked = new FilterInputStream(new ByteArrayInputStream(text.toString().getBytes())) {
            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                return super.read(bytes, offset, Math.min(length, 1 + random.nextInt(7)));
            }
        };
        assertEquals(expected, read(chunked, maxLength), "seed " + seed);
    }
}
