package org.errandless.common.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL server per JVM and data directory, started on first use and stopped at JVM exit.
 *
 * <p>Used only where no database URL is configured and the profile is not prod: the run command keeps its data in a
 * persistent directory, the tests in a throwaway one. Dev-mode restarts and repeated configuration builds reuse the
 * running server instead of starting another.
 */
public final class EmbeddedDatabase {

    /** Name of the database the application uses inside the embedded server. */
    public static final String DATABASE = "errandless";
    /** Superuser of the embedded server (trust authentication on loopback only). */
    public static final String USER = "postgres";

    private static final Map<String, EmbeddedDatabase> RUNNING = new HashMap<>();

    private final EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts (or returns the running) server for a data directory.
     *
     * @param dataDirectory where the cluster lives; {@code null} for a throwaway directory deleted at exit
     * @param port the TCP port on loopback, 0 for any free one
     */
    public static synchronized EmbeddedDatabase start(Path dataDirectory, int port) {
        String key = dataDirectory == null ? "<throwaway>" : dataDirectory.toAbsolutePath().normalize().toString();
        EmbeddedDatabase running = RUNNING.get(key);
        if (running != null) {
            return running;
        }
        boolean throwaway = dataDirectory == null;
        try {
            Path directory = throwaway ? Files.createTempDirectory("errandless-pg-") : dataDirectory.toAbsolutePath();
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(throwaway)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("timezone", "UTC");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres server = builder.start();
            EmbeddedDatabase database = new EmbeddedDatabase(server, directory);
            database.createApplicationDatabase();
            RUNNING.put(key, database);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> database.stop(throwaway), "embedded-postgres-stop"));
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
        }
    }

    /** The JDBC URL of the application database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE;
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    private void createApplicationDatabase() {
        String adminUrl = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, USER, USER);
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("create database " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database '" + DATABASE + "' in embedded PostgreSQL", e);
        }
    }

    private void stop(boolean deleteData) {
        try {
            server.close();
        } catch (IOException | RuntimeException ignored) {
            // the JVM is exiting; nothing useful can be done about a server that will not stop
        }
        if (deleteData) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp directory is harmless
            }
        }
    }
}
