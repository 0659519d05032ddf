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
 *
 * <p>Quarkus loads this class afresh in every class loader it makes (each test profile's build and run, each dev-mode
 * restart), and each copy has its own statics; so the running servers are found through a JVM-wide system property
 * ({@value #RUNNING_PROPERTY}{@code <key>}, the port and data directory) instead of a static alone. Without it every
 * test profile's build started a server of its own, and the JDK's "process reaper" thread that waits for that
 * server (until the JVM exits) kept the class loader that started it as its context class loader, and with it that
 * build's class loaders and whatever their statics hold. For the same reason the server starts with no context class
 * loader on the calling thread: the threads it starts then pin none.
 */
public final class EmbeddedDatabase {

    /** Name of the database the application uses inside the embedded server. */
    public static final String DATABASE = "errandless";
    /** Superuser of the embedded server (trust authentication on loopback only). */
    public static final String USER = "postgres";

    /** Prefix of the system property naming the running server of a data directory: "port|directory". */
    static final String RUNNING_PROPERTY = "org.errandless.embedded-postgres.running.";
    /**
     * The JVM-wide lock of starts: a string literal is interned, so every class loader's copy of this class locks the
     * same object (a static of this class would be one per class loader).
     */
    private static final Object JVM_LOCK = "org.errandless.embedded-postgres.lock";

    private static final Map<String, EmbeddedDatabase> RUNNING = new HashMap<>();

    /** The server, where this class loader's copy started it; null where another copy did. */
    private final EmbeddedPostgres server;
    private final int port;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres server, int port, Path dataDirectory) {
        this.server = server;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts (or returns the running) server for a data directory.
     *
     * @param dataDirectory where the cluster lives; {@code null} for a throwaway directory deleted at exit
     * @param port the TCP port on loopback, 0 for any free one
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        String key = dataDirectory == null ? "<throwaway>" : dataDirectory.toAbsolutePath().normalize().toString();
        synchronized (JVM_LOCK) {
            EmbeddedDatabase running = RUNNING.get(key);
            if (running != null) {
                return running;
            }
            String started = System.getProperty(RUNNING_PROPERTY + key);
            if (started != null) {
                // started by another class loader's copy of this class: use it, it stops at JVM exit
                int separator = started.indexOf('|');
                running = new EmbeddedDatabase(null, Integer.parseInt(started.substring(0, separator)),
                        Path.of(started.substring(separator + 1)));
            } else {
                running = startServer(dataDirectory, port);
                System.setProperty(RUNNING_PROPERTY + key, running.port + "|" + running.dataDirectory);
            }
            RUNNING.put(key, running);
            return running;
        }
    }

    private static EmbeddedDatabase startServer(Path dataDirectory, int port) {
        boolean throwaway = dataDirectory == null;
        Thread thread = Thread.currentThread();
        ClassLoader contextClassLoader = thread.getContextClassLoader();
        // every thread started from here (the JDK's process reaper, the server's output loggers, the shutdown hooks)
        // inherits the context class loader and lives until the JVM exits: none, so no Quarkus class loader is pinned
        thread.setContextClassLoader(null);
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
            EmbeddedDatabase database = new EmbeddedDatabase(server, server.getPort(), directory);
            database.createApplicationDatabase();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> database.stop(throwaway), "embedded-postgres-stop"));
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
        } finally {
            thread.setContextClassLoader(contextClassLoader);
        }
    }

    /** The JDBC URL of the application database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    private void createApplicationDatabase() {
        String adminUrl = "jdbc:postgresql://localhost:" + port + "/postgres";
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
