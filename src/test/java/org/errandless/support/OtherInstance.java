package org.errandless.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.errandless.common.live.LiveFeed;

/**
 * Another instance of the application as the database sees it: a plain JDBC connection outside this instance's pool
 * and listener, which changes tables and publishes live-feed keys in the same transaction, as the services of another
 * instance would. Also the loss of this instance's listener connection. Every wait is a bounded future.
 */
public final class OtherInstance {

    private static final Duration LONG = Duration.ofSeconds(60);

    /** Work on the other instance's connection, inside its transaction. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    private OtherInstance() {
    }

    /**
     * Runs {@code work} and publishes {@code key} in one transaction of the other instance, and waits until this
     * instance's listener delivered the key (its subscribers are told before its waiters are woken).
     */
    public static void commitAndPublish(LiveFeed feed, String key, Work work) throws Exception {
        CompletableFuture<Boolean> heard = feed.register(key, LONG);
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            work.run(connection);
            try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                notify.setString(1, ConfigProvider.getConfig().getOptionalValue("errandless.live-feed.channel",
                        String.class).orElse("errandless_live_feed"));
                notify.setString(2, key);
                notify.execute();
            }
            connection.commit();
        }
        assertTrue(heard.get(LONG.toSeconds(), TimeUnit.SECONDS), "this instance heard " + key);
    }

    /** Runs {@code work} in one transaction of the other instance and publishes nothing (a notification lost). */
    public static void commitSilently(Work work) throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            work.run(connection);
            connection.commit();
        }
    }

    /**
     * Cuts this instance's listener connection, runs {@code whileDown} (what it publishes meanwhile is lost to this
     * instance), and waits until the listener listens on a new connection; answers that connection's number.
     */
    public static long loseListener(LiveFeed feed, Work whileDown) throws Exception {
        long before = feed.whenListening().toCompletableFuture().get(LONG.toSeconds(), TimeUnit.SECONDS);
        CompletableFuture<Boolean> lost = feed.register(UUID.randomUUID().toString(), LONG);
        try (Connection connection = connect();
                PreparedStatement terminate = connection.prepareStatement("select pg_terminate_backend(pid) "
                        + "from pg_stat_activity where application_name = ? and datname = current_database()")) {
            terminate.setString(1, LiveFeed.APPLICATION_NAME);
            try (ResultSet result = terminate.executeQuery()) {
                assertTrue(result.next() && result.getBoolean(1), "the listener's connection was cut");
            }
        }
        assertTrue(lost.get(LONG.toSeconds(), TimeUnit.SECONDS), "waiters are woken when the listener is lost");
        commitSilently(whileDown);
        long after = feed.whenListening().toCompletableFuture().get(LONG.toSeconds(), TimeUnit.SECONDS);
        assertTrue(after > before, "a new connection listens");
        return after;
    }

    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        Properties properties = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class)
                .ifPresent(user -> properties.setProperty("user", user));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(secret -> properties.setProperty("password", secret));
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), properties);
    }
}
