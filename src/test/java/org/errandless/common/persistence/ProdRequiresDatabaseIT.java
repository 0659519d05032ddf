package org.errandless.common.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application in the prod profile refuses to start without a database URL, and says which variable to
 * set, instead of starting an embedded PostgreSQL or half a server. Runs the real jar as an operator would.
 */
class ProdRequiresDatabaseIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** Generous: the application fails during startup, which takes a few seconds on a loaded 2-core machine. */
    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void prodWithoutDatabaseUrlExitsNonZeroAndNamesTheVariable(@TempDir Path workingDirectory)
            throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "the application is not packaged: " + JAR.toAbsolutePath());
        Path output = workingDirectory.resolve("output.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Dquarkus.http.port=0", "-jar",
                JAR.toAbsolutePath().toString()))
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        // whatever configures a database for this test run (CI's external-database pass does) must not reach it
        environment.keySet().removeIf(name -> name.startsWith("QUARKUS_DATASOURCE_") || name.startsWith("QUARKUS_FLYWAY_"));
        // the default profile of the jar, prod, is the point
        environment.remove("QUARKUS_PROFILE");

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
            fail("still running after " + TIMEOUT_SECONDS + " s without a database:\n" + log);
        }
        assertNotEquals(0, process.exitValue(), log);
        assertTrue(log.contains("QUARKUS_DATASOURCE_JDBC_URL"), "the output does not name QUARKUS_DATASOURCE_JDBC_URL:\n" + log);
        assertFalse(log.contains("using embedded PostgreSQL"), "prod started an embedded PostgreSQL:\n" + log);
    }
}
