package org.errandless.documents;

import java.util.UUID;

/**
 * Whether a document is in use by a submitted application, so it may not be deleted (SPI; "Applications"
 * implements it). Until then {@link NoDocumentUsage} says no document is in use.
 */
public interface DocumentUsage {

    /** True while a submitted (not draft, not withdrawn) application uses the document. */
    boolean inUse(UUID documentId);
}
