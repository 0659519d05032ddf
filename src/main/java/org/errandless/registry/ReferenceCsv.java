package org.errandless.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the project's reference CSVs ({@code src/main/resources/reference/}): a header line, then one record a line,
 * comma-separated, UTF-8. Our files never quote or escape, so a quote is refused rather than misread.
 */
final class ReferenceCsv {

    private ReferenceCsv() {
    }

    static List<Map<String, String>> read(String resource) {
        InputStream stream = ReferenceCsv.class.getClassLoader().getResourceAsStream(resource);
        if (stream == null) {
            throw new IllegalStateException("Missing reference data " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String headerLine = reader.readLine();
            if (headerLine == null) {
                throw new IllegalStateException("Empty reference data " + resource);
            }
            String[] header = headerLine.replace("\uFEFF", "").split(",", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (line.indexOf('"') >= 0) {
                    throw new IllegalStateException(resource + " line " + number + ": quoted fields are not supported");
                }
                String[] fields = line.split(",", -1);
                if (fields.length != header.length) {
                    throw new IllegalStateException(resource + " line " + number + ": expected " + header.length
                            + " fields, found " + fields.length);
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i].strip(), fields[i].strip());
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read reference data " + resource, e);
        }
    }
}
