package org.errandless.common.live;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;

/**
 * The PostgreSQL session of an instance's live-feed listener: its backend process id and the time that backend
 * started. The pair names one session for as long as the database runs (a pid alone may be reused), and the session
 * ends when its instance does, however it ends ({@code kill -9} included: the server notices the closed socket). So
 * another instance can ask {@code pg_stat_activity} whether the instance behind a pair is still alive. Fired as an
 * asynchronous CDI event each time the listener (re)connects.
 *
 * @param pid {@code pg_backend_pid()} of the listener connection
 * @param started its {@code backend_start}
 */
public record ListenerSession(int pid, OffsetDateTime started) {

    /** The session of this connection. */
    static ListenerSession of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
            if (!row.next()) {
                throw new SQLException("the listener's own session is missing from pg_stat_activity");
            }
            return new ListenerSession(row.getInt(1), row.getObject(2, OffsetDateTime.class));
        }
    }
}
