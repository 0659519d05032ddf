package org.errandless.documents;

import java.util.UUID;

/**
 * Fired (synchronously, CDI) when a PATCH of a resumable upload has ended and its bytes are recorded: completely,
 * cut short by the client ({@code interrupted}), or discarded (a failed checksum leaves {@code offset} unchanged).
 * For observers that follow uploads (metrics, tests) without polling.
 */
public record UploadChunkEnded(UUID uploadId, long offset, long length, boolean interrupted) {
}
