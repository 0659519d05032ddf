package org.errandless.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import org.errandless.common.web.RequestIds;
import org.jboss.logging.MDC;

/**
 * A JDBC driver for tests that counts what goes to the database, per HTTP request: it hands PostgreSQL's own driver
 * every call and counts each round trip a statement makes (every {@code execute*}, native SQL, Hibernate's and plain
 * JDBC alike), each commit or rollback of a transaction that ran something, and each {@code isValid} probe, under the
 * request id the call ran for ({@code X-Request-Id}, which the HTTP layer puts in the log context).
 *
 * <p>Installed as the datasource's driver by {@link CountedStatementsProfile}. Only the pool's connections are counted
 * (the live feed's listener connects through {@link java.sql.DriverManager}, which does not know this class).
 */
public class StatementCounter implements Driver {

    private static final Map<String, List<String>> BY_REQUEST = new ConcurrentHashMap<>();
    private static final Set<String> COUNTED = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    private final org.postgresql.Driver postgres = new org.postgresql.Driver();

    /** What ran for a request so far: the SQL of each round trip ({@code COMMIT}, {@code ROLLBACK}, {@code isValid}). */
    public static List<String> of(String requestId) {
        List<String> statements = BY_REQUEST.get(requestId);
        if (statements == null) {
            return List.of();
        }
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }

    private static void count(String sql) {
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            List<String> statements = BY_REQUEST.computeIfAbsent(requestId.toString(),
                    ignored -> Collections.synchronizedList(new ArrayList<>()));
            statements.add(sql);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection connection = postgres.connect(url, info);
        return connection == null ? null : (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] { Connection.class }, new Counted(connection));
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return postgres.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return postgres.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return postgres.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return postgres.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return postgres.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return postgres.getParentLogger();
    }

    /** A connection whose statements count; a commit or rollback counts when something ran since the last one. */
    private static final class Counted implements InvocationHandler {

        private final Connection connection;
        private volatile boolean ran;

        Counted(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if ((name.equals("commit") || name.equals("rollback")) && (args == null || args.length == 0)) {
                if (ran && !connection.getAutoCommit()) {
                    count(name.toUpperCase());
                }
                ran = false;
            } else if (name.equals("isValid")) {
                count("isValid");
            }
            Object result = call(connection, method, args);
            if (result instanceof Statement statement) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                Class<?> type = result instanceof CallableStatement ? CallableStatement.class
                        : result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { type },
                        (statementProxy, statementMethod, statementArgs) -> {
                            if (COUNTED.contains(statementMethod.getName())) {
                                count(statementArgs != null && statementArgs.length > 0
                                        && statementArgs[0] instanceof String text ? text : sql);
                                ran = true;
                            }
                            return call(statement, statementMethod, statementArgs);
                        });
            }
            return result;
        }

        private static Object call(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
