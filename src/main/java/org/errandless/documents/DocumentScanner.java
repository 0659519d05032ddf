package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;

/**
 * Scans a document's bytes for malware before it becomes usable. The adapter is chosen by
 * {@code errandless.documents.scanner}: {@code none} ({@link NoOpDocumentScanner}, the default) or {@code clamd}
 * ({@link ClamdDocumentScanner}).
 */
public interface DocumentScanner {

    /** The verdict on one document. */
    record Verdict(Result result, String signature) {

        public static Verdict clean() {
            return new Verdict(Result.CLEAN, null);
        }

        public static Verdict notScanned() {
            return new Verdict(Result.NOT_SCANNED, null);
        }

        public static Verdict infected(String signature) {
            return new Verdict(Result.INFECTED, signature);
        }

        public boolean infected() {
            return result == Result.INFECTED;
        }
    }

    /** Outcomes of a scan. */
    enum Result {
        CLEAN, INFECTED, NOT_SCANNED
    }

    /**
     * Scans content.
     *
     * @param content read to its end; not closed
     * @throws IOException when the scanner could not give a verdict (the upload is then refused, never let through)
     */
    Verdict scan(InputStream content) throws IOException;
}
