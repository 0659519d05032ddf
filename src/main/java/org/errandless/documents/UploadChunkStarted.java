package org.errandless.documents;

import java.util.UUID;

/**
 * Fired (synchronously, CDI) when a PATCH of a resumable upload holds the upload and starts writing at
 * {@code offset}; until the matching {@link UploadChunkEnded}, other PATCHes of this upload are refused.
 */
public record UploadChunkStarted(UUID uploadId, long offset) {
}
