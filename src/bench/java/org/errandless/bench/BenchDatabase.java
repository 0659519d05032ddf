package org.errandless.bench;

import java.nio.file.Path;

import org.errandless.common.persistence.EmbeddedDatabase;

/**
 * The benchmarks' PostgreSQL: the application's own embedded server (the zonky binaries the demo uses), started in a
 * persistent data directory on a fixed port and kept running until this JVM gets SIGTERM, so several launches of the
 * application (and of the minimal app, and pgbench) use one database server. Run by {@code src/bench/lib.sh}.
 *
 * <p>Usage: {@code BenchDatabase <data directory> <port>}. Prints {@code ready <port>} when the server accepts
 * connections (the database {@code errandless} exists by then).
 */
public final class BenchDatabase {

    private BenchDatabase() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: BenchDatabase <data directory> <port>");
            System.exit(2);
        }
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]), Integer.parseInt(args[1]));
        System.out.println("ready " + database.port());
        System.out.flush();
        // the shutdown hook of EmbeddedDatabase stops the server on SIGTERM
        Thread.currentThread().join();
    }
}
