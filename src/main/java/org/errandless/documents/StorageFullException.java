package org.errandless.documents;

import java.io.IOException;

/** The content store has no room (a full disk or quota, a full bucket): the request gets 507 and nothing is kept. */
public class StorageFullException extends IOException {

    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether a filesystem failure means a full disk or a quota (ENOSPC, EDQUOT). */
    static boolean isFull(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (t instanceof StorageFullException || (message != null
                    && (message.contains("No space left on device") || message.contains("Disk quota exceeded")))) {
                return true;
            }
        }
        return false;
    }

    /** {@code e} as a StorageFullException where it means one, else unchanged. */
    static IOException classify(IOException e) {
        if (e instanceof StorageFullException || !isFull(e)) {
            return e;
        }
        return new StorageFullException("The document store is full", e);
    }
}
