package org.errandless.common.http;

/**
 * An outbound request got no answer: the connection was refused or dropped, a timeout passed, or the calling thread
 * was interrupted (a fault-tolerance timeout does that). Unlike an error the other side answered, a missing answer is
 * usually worth retrying; an interrupted call is not, because whoever interrupted it has given up.
 *
 * <p>Messages name the service and the kind of failure, never the request (it may carry personal data).
 */
public class OutboundCallException extends RuntimeException {

    private final boolean interrupted;

    public OutboundCallException(String message, Throwable cause, boolean interrupted) {
        super(message, cause);
        this.interrupted = interrupted;
    }

    /** The caller's thread was interrupted while waiting (the interrupt flag is set again). */
    public boolean interrupted() {
        return interrupted;
    }
}
