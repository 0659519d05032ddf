package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the bytes of documents live, named by the document's id and never by anything a client sent.
 *
 * <p>Contract: {@link #put} makes the content appear whole or not at all (a reader never sees a partial file), and
 * computes size and SHA-256 while it copies, so nothing is read twice. The caller that stores bytes and then fails
 * (scan, quota, database) calls {@link #delete}; a document is never half there.
 *
 * <p>Implementations:
 * <ul>
 * <li>{@link FileSystemContentStore} (ships now): a temporary file in the store directory, fsynced, then atomically
 * renamed to its id.</li>
 * <li>An S3-compatible adapter (designed, not shipped): {@code put} runs a multipart upload
 * (CreateMultipartUpload, UploadPart per 8 MB read from the stream while hashing, CompleteMultipartUpload;
 * AbortMultipartUpload on any failure, so no object appears), keyed {@code documents/<id>}; {@link #open} is a
 * GetObject with {@code Range: bytes=offset-}; {@link #presignedRead} answers a presigned GET URL so large reads
 * can bypass the application; {@code delete} is DeleteObject. Checksums: SHA-256 is computed here, and may also be
 * sent as {@code x-amz-checksum-sha256} where the service supports it.</li>
 * </ul>
 * Resumable uploads (tus) keep their partial bytes outside this store (an upload area of their own) and call
 * {@link #put} with the finished file, so this contract needs nothing for them.
 */
public interface ContentStore {

    /** What was stored. */
    record Stored(long size, String sha256) {
    }

    /**
     * Stores content under an id that is not in use.
     *
     * @param id the document's id
     * @param content read to its end; not closed
     * @return size and hex SHA-256 of what was stored
     * @throws IOException when nothing was stored (any partial copy is removed)
     */
    Stored put(UUID id, InputStream content) throws IOException;

    /**
     * Opens stored content for reading from an offset.
     *
     * @throws java.nio.file.NoSuchFileException when there is no content under the id
     */
    InputStream open(UUID id, long offset) throws IOException;

    /** Removes content; true when there was some. */
    boolean delete(UUID id) throws IOException;

    /** Whether content exists under the id. */
    boolean exists(UUID id) throws IOException;

    /** A URL from which a client may read the content directly for a while, where the store can issue one. */
    default Optional<URI> presignedRead(UUID id, Duration validity) {
        return Optional.empty();
    }
}
