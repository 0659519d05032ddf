package org.errandless.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.errandless.common.persistence.EmbeddedDatabase;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) as an operator runs it: its default profile,
 * prod, with exactly the environment given (plus {@code PATH} and {@code HOME}, and plain-text logs so tests read the
 * messages as written), on any free port, in a working directory of the test's. Nothing of the test run's own
 * configuration (CI's external database, a profile) reaches it.
 */
public final class PackagedApplication implements AutoCloseable {

    /** The packaged application, relative to the module (failsafe's working directory). */
    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern LISTENING = Pattern.compile("Listening on: https?://[^\\s:]+:([0-9]+)");

    private final Process process;
    private final Path output;

    private PackagedApplication(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Whether the application has been packaged (an IT without it has nothing to run). */
    public static boolean packaged() {
        return Files.isRegularFile(JAR);
    }

    /** Starts the jar with this environment and these arguments; its output goes to a file of the directory. */
    public static PackagedApplication start(Map<String, String> environment, Path workingDirectory,
            String... arguments) throws IOException {
        Path output = workingDirectory.resolve("output-" + UUID.randomUUID() + ".txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Dquarkus.http.port=0", "-jar",
                JAR.toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> inherited = builder.environment();
        String path = inherited.get("PATH");
        String home = inherited.get("HOME");
        inherited.clear();
        if (path != null) {
            inherited.put("PATH", path);
        }
        if (home != null) {
            inherited.put("HOME", home);
        }
        inherited.put("ERRANDLESS_LOG_JSON", "false");
        inherited.putAll(environment);
        return new PackagedApplication(builder.start(), output);
    }

    /**
     * Waits until the application listens (true) or ends by itself (false).
     *
     * @throws IllegalStateException when it does neither within the timeout
     */
    public boolean awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (port() > 0) {
                return true;
            }
            // waits for the process's end, at most a moment: its output is a file, not an event
            if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                return port() > 0;
            }
        }
        throw new IllegalStateException("still running after " + timeout.toSeconds() + " s without listening:\n"
                + log());
    }

    /** The port it listens on, or 0 while it does not (yet). */
    public int port() {
        Matcher listening = LISTENING.matcher(log());
        return listening.find() ? Integer.parseInt(listening.group(1)) : 0;
    }

    /** Everything it has written so far. */
    public String log() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its exit value; only once it has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Stops it (SIGTERM, a graceful shutdown; killed when that takes longer than 30 s). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** A fresh 2048-bit RSA private key as PKCS#8 PEM, as the settings that take one expect (JWT, certificates). */
    public static String newPrivateKeyPem() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** Runs one statement on the embedded server as its superuser ({@code adminUrl}): a run's databases and roles. */
    public static void execute(String adminUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl, EmbeddedDatabase.USER,
                EmbeddedDatabase.USER); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
