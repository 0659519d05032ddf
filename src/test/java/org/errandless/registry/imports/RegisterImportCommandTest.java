package org.errandless.registry.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.errandless.registry.Relationship;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * The operators' path: {@code java -jar quarkus-run.jar import FILE} runs the same import against the configured
 * database and exits with a status (2: applied, some lines rejected). One launch: each starts the whole application.
 */
@QuarkusMainTest
class RegisterImportCommandTest {

    @Test
    void importsAFileAndExitsWithItsOutcome(QuarkusMainLauncher launcher, @TempDir Path directory) throws IOException {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区命令行派出所(test)");
        extract.family(station, Relationship.HEAD, Relationship.SPOUSE, Relationship.SON);
        long badLine = extract.nextLine();
        extract.raw("{\"type\":\"PERSON\"}");
        Path file = directory.resolve("extract.ndjson");
        Files.write(file, extract.bytes());

        LaunchResult result = launcher.launch("import", file.toString());

        String output = result.getOutput();
        assertEquals(RegisterImportCommand.APPLIED_WITH_REJECTIONS, result.exitCode(), output + result.getErrorOutput());
        assertTrue(output.contains("SUCCEEDED: 5 created, 0 updated, 0 unchanged, 1 lines rejected"), output);
        assertTrue(output.contains("line " + badLine + ": missing-field"), output);
    }
}
