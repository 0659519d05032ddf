package org.errandless.documents;

import java.util.UUID;

/**
 * Whether a document is in use by a submitted application, so it may not be deleted (SPI; "Applications"
 * implements it). Until then {@link NoDocumentUsage} says no document is in use.
 *
 * <p>{@link DocumentService#delete} calls {@link #inUse} and then {@link #release} in its transaction, before the
 * row goes: an implementation locks what uses the document in {@code inUse}, so that a concurrent submission either
 * finishes first (and the document is in use) or waits and finds the document gone.
 */
public interface DocumentUsage {

    /**
     * True while a submitted (not draft, not withdrawn) application uses the document. Inside a transaction the
     * applications that use it stay locked until it ends.
     */
    boolean inUse(UUID documentId);

    /**
     * The document is about to be deleted (no submitted application uses it): drafts drop it, withdrawn
     * applications keep their evidence without it. Called in the deleting transaction, after {@link #inUse}.
     */
    void release(UUID documentId);

    /**
     * The document's retention ran out and it is about to be deleted (only applications closed long ago use it, if
     * any): drafts drop it as in {@link #release}, every other application keeps its evidence row without it, marked
     * with the deletion time. Called in the deleting transaction.
     */
    void expire(UUID documentId);
}
