package org.errandless.documents;

import java.time.Instant;
import java.util.UUID;

/** An upload's state as the tus headers report it. */
public record UploadView(UUID id, long length, long offset, String metadata, Instant expiresAt) {
}
