package org.errandless.common.persistence;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/**
 * Tells apart, in whatever wrapping a failure arrives (Hibernate, JTA, CDI interceptors, the security layer), the two
 * database failures a client must not see as a 500:
 * <ul>
 * <li>{@link Kind#UNAVAILABLE}: the database cannot be reached or is going away (SQLState class 08, PostgreSQL
 * shutting down or starting up, too many connections, the pool giving up waiting for a connection): the request may
 * succeed if retried in a moment (503 with {@code Retry-After});</li>
 * <li>{@link Kind#UNSTORABLE_TEXT}: PostgreSQL refused a character it cannot store (NUL in text, {@code \u0000} or a
 * lone surrogate escape in {@code jsonb}): the request is malformed (400). The front door refuses these before they
 * get this far (see {@code common/web/StorableText}); this is the net behind it for channels it does not see, such
 * as base64-encoded metadata.</li>
 * </ul>
 */
public final class DatabaseFailures {

    /** What a failure means for the client. */
    public enum Kind {
        /** Not a database failure this class recognises. */
        OTHER,
        /** The database is unreachable or restarting: retry later. */
        UNAVAILABLE,
        /** The request carried text PostgreSQL cannot store. */
        UNSTORABLE_TEXT
    }

    private static final int MAX_DEPTH = 32;

    private DatabaseFailures() {
    }

    /** The kind of a failure, looking through its causes (and chained SQL exceptions). */
    public static Kind classify(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH && seen.add(current); depth++) {
            Kind kind = own(current);
            if (kind != Kind.OTHER) {
                return kind;
            }
            if (current instanceof SQLException sql && sql.getNextException() != null) {
                Kind next = classify(sql.getNextException());
                if (next != Kind.OTHER) {
                    return next;
                }
            }
            current = current.getCause();
        }
        return Kind.OTHER;
    }

    private static Kind own(Throwable failure) {
        String name = failure.getClass().getName();
        if (name.equals("org.hibernate.exception.JDBCConnectionException")) {
            return Kind.UNAVAILABLE;
        }
        if (!(failure instanceof SQLException sql)) {
            return Kind.OTHER;
        }
        String state = sql.getSQLState();
        if (state != null) {
            if (state.startsWith("08")) {
                // connection exceptions: refused, broken, lost while sending or receiving
                return Kind.UNAVAILABLE;
            }
            switch (state) {
                case "57P01", "57P02", "57P03", "53300":
                    // administrator or crash shutdown, cannot connect now (starting up), too many connections
                    return Kind.UNAVAILABLE;
                case "22021", "22P05":
                    // character not in repertoire (NUL in text), untranslatable character (\u0000 in jsonb)
                    return Kind.UNSTORABLE_TEXT;
                default:
                    return Kind.OTHER;
            }
        }
        // Agroal's own failures carry no SQLState: a wait for a free connection that ran out
        String message = sql.getMessage() == null ? "" : sql.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("acquisition timeout") ? Kind.UNAVAILABLE : Kind.OTHER;
    }
}
