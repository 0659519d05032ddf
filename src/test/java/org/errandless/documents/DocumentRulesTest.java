package org.errandless.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** File names and byte ranges. */
class DocumentRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "photo.jpg|photo.jpg",
            "../../etc/passwd|passwd",
            "C:\\Users\\张伟\\户口本.pdf|户口本.pdf",
            "'  .hidden  '|hidden",
            "a\"b<c>.pdf|a_b_c_.pdf",
            "''|document",
            "../|document" })
    void fileNamesAreMetadataNeverPaths(String given, String kept) {
        assertEquals(kept, FileNames.sanitise(given));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "bytes=0-9|100|0|9",
            "bytes=90-|100|90|99",
            "bytes=90-200|100|90|99",
            "bytes=-10|100|90|99",
            "bytes=-500|100|0|99" })
    void ranges(String header, long size, long first, long last) {
        assertArrayEquals(new long[] { first, last }, ByteRanges.parse(header, size));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "bytes=0-1,5-6", "items=0-1", "bytes=5-2", "bytes=x-", "bytes=-" })
    void rangesServedWhole(String header) {
        assertNull(ByteRanges.parse(header, 100));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "bytes=100-|100", "bytes=-0|100", "bytes=0-|0" })
    void rangesUnsatisfiable(String header, long size) {
        assertEquals(0, ByteRanges.parse(header, size).length);
    }
}
