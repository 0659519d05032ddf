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
 * <li>An S3-compatible adapter (designed, not shipped): a document is the object {@code documents/<id>}.
 * {@link #put} runs a multipart upload (CreateMultipartUpload, UploadPart per 8 MiB read from the stream while
 * hashing, CompleteMultipartUpload; AbortMultipartUpload on any failure, so no half object ever appears);
 * {@link #open} is a GetObject with {@code Range: bytes=offset-}; {@link #presignedRead} answers a presigned GET URL
 * (minutes, with {@code response-content-disposition=attachment}) so large reads can bypass the application;
 * {@link #delete} is DeleteObject, {@link #exists} HeadObject. Checksums: SHA-256 is computed here, and may also be
 * sent as {@code x-amz-checksum-sha256} where the service supports it.</li>
 * </ul>
 *
 * <p>Resumable uploads (tus) keep their partial bytes in the {@link UploadArea} and call {@link #put} with the
 * finished file, so this contract needs nothing for them today. With object storage the upload area moves into the
 * bucket as well: each tus upload is one S3 multipart upload, created with the tus upload (its {@code UploadId} on
 * the upload's row). PATCH bytes collect in a local tail file until a part of at least 5 MiB (S3's minimum for every
 * part but the last) is complete, which goes up with UploadPart (its ETag recorded on the row); the tus offset is the
 * bytes in recorded parts plus the tail, and where the tail is lost (a crash, another instance answering) HEAD reports
 * the parts' bytes only and the client re-sends the rest, as tus clients do. The last chunk
 * sends the final part and completes the object under a staging key; the document checks read it there, and it is
 * then copied server-side to {@code documents/<id>} or deleted. Termination and expiry call AbortMultipartUpload; a
 * bucket lifecycle rule (AbortIncompleteMultipartUpload after two days) removes what a crash leaves behind.
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
