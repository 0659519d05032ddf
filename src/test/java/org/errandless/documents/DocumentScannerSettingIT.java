package org.errandless.documents;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application refuses to start with a scanner setting that names no adapter, and says which key is
 * wrong and what it may be, instead of starting and failing the first upload.
 */
class DocumentScannerSettingIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** Generous: startup on a loaded 2-core machine takes several seconds. */
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void anUnknownScannerStopsTheStartWithAMessageNamingTheKey(@TempDir Path workingDirectory)
            throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "the application is not packaged: " + JAR.toAbsolutePath());
        Path output = workingDirectory.resolve("output.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Dquarkus.profile=test",
                "-Dquarkus.http.port=0", "-Derrandless.documents.scanner=clamav",
                "-jar", JAR.toAbsolutePath().toString()))
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("ERRANDLESS_DOCUMENTS_SCANNER");
        Process process = builder.start();
        boolean exited;
        try {
            exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        if (!exited) {
            fail("still running after " + TIMEOUT_SECONDS + " s with errandless.documents.scanner=clamav:\n" + log);
        }
        assertNotEquals(0, process.exitValue(), log);
        assertTrue(log.contains("errandless.documents.scanner"), "the output does not name the key:\n" + log);
        assertTrue(log.contains("must be none or clamd"), "the output does not say what is allowed:\n" + log);
        assertFalse(log.contains("Listening on"), "the application served requests:\n" + log);
    }
}
