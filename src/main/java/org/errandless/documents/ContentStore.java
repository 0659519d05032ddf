package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where the bytes of documents and of unfinished resumable uploads live, named by their id and never by anything a
 * client sent. Chosen by {@code errandless.documents.store}: {@link FileSystemContentStore} (default, one machine or
 * a shared directory) or {@link S3ContentStore} (S3-compatible object storage).
 *
 * <p>Contract:
 * <ul>
 * <li>A document's content appears whole or not at all ({@link #adopt}, {@link #put}, {@link #finishUpload}); a
 * reader never sees a partial file. A document exists for the API only through its row: bytes without a row are
 * unreachable, and {@link #sweep} removes them once they are older than a grace period.</li>
 * <li>An upload's bytes are written once, into the store's own temporary place, and become the document's content on
 * {@link #finishUpload} without being copied (a rename, or completing a multipart upload). Everything the store needs
 * to go on with an upload is the upload's row (its offset and the opaque {@code state} this store returned), so any
 * instance can continue any upload.</li>
 * <li>Bytes pass through a fixed buffer: memory does not grow with file size or with the number of uploads.</li>
 * <li>A full disk or bucket is {@link StorageFullException}; the caller answers 507 and keeps nothing.</li>
 * </ul>
 */
public interface ContentStore {

    /** What was stored. */
    record Stored(long size, String sha256) {
    }

    /**
     * Stores content under an id that is not in use, hashing it while it is copied.
     *
     * @param content read to its end; not closed
     * @throws IOException when nothing was stored (any partial copy is removed)
     */
    Stored put(UUID id, InputStream content) throws IOException;

    /**
     * Takes a file the HTTP layer wrote (a multipart part) as the content of {@code id}: moved into place where the
     * store can (same filesystem), else copied; hashed on the way either way.
     */
    default Stored adopt(UUID id, Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return put(id, in);
        }
    }

    /**
     * Opens stored content for reading {@code length} bytes from {@code offset} ({@code length} may be -1: to the
     * end). A large {@link InputStream#skip} may be cheap (a seek, a new ranged read).
     *
     * @throws java.nio.file.NoSuchFileException when there is no content under the id
     */
    InputStream open(UUID id, long offset, long length) throws IOException;

    /** Removes content; true when there was some. */
    boolean delete(UUID id) throws IOException;

    /** Whether content exists under the id. */
    boolean exists(UUID id) throws IOException;

    /**
     * A URL from which a client may read the content directly for a while, as an attachment, where the store can
     * issue one.
     */
    default Optional<URI> presignedRead(UUID id, Duration validity, String contentType, String disposition) {
        return Optional.empty();
    }

    /** Watches the bytes of a PATCH as they go into the store. */
    interface UploadListener {

        /** Bytes of the request body, in order, each exactly once, as they are written. May throw to stop. */
        void bytes(byte[] buffer, int offset, int count);

        /**
         * The bytes up to {@code offset} are durably in the store, described by {@code state}: an instance that
         * records both may die now without losing them. Called by stores that write in parts.
         */
        default void checkpoint(long offset, String state) {
        }
    }

    /**
     * What one {@link #append} did: how many bytes of the body it took, whether the client's connection broke
     * ({@code interrupted}), whether the body held more than the limit ({@code overflow}: nothing of it counts), and
     * the store's state to record with the new offset.
     */
    record Appended(long bytes, boolean interrupted, boolean overflow, String state) {
    }

    /** An unfinished upload as its row describes it. */
    record UploadRef(UUID id, long length, long offset, String state) {
    }

    /**
     * The recorded offset is more than the store holds (bytes lost in a crash of the machine): the upload goes on
     * from {@link #held()}.
     */
    final class UploadBytesLost extends IOException {

        private final long held;

        public UploadBytesLost(UUID id, long held, long recorded) {
            super("The store holds " + held + " bytes of upload " + id + ", " + recorded + " were recorded");
            this.held = held;
        }

        public long held() {
            return held;
        }
    }

    /**
     * Appends a request body to an upload at its recorded offset: at most {@code limit} bytes, {@code declared}
     * the body's Content-Length or -1. When the client's connection breaks what arrived may be kept (up to the last
     * checkpoint, for stores that write in parts).
     *
     * @throws UploadBytesLost when the store holds fewer bytes than recorded
     * @throws IOException when the store failed (nothing of this write counts then)
     */
    Appended append(UploadRef upload, InputStream body, long declared, long limit, UploadListener listener)
            throws IOException;

    /**
     * Where the bytes of one PATCH go when they are pushed to the store as they arrive, written in order by an
     * upload writer thread ({@code errandless.documents.uploads.write-threads}, a small pool shared by every upload):
     * so a write may only wait for the local disk, never for the network. Used by one thread at a time; closed once,
     * by whoever opened it.
     */
    interface UploadSink extends AutoCloseable {

        /** Writes all of {@code bytes} after what was written before. */
        void write(ByteBuffer bytes) throws IOException;

        @Override
        void close() throws IOException;
    }

    /**
     * Opens an upload at its recorded offset for bytes pushed to it ({@link UploadSink}), or answers null when this
     * store reads a body as a stream only ({@link #append}: an object store writes parts over the network).
     *
     * @throws UploadBytesLost when the store holds fewer bytes than recorded
     */
    default UploadSink openSink(UploadRef upload) throws IOException {
        return null;
    }

    /** Cuts an upload back to its recorded offset after a chunk was refused (checksum, overflow). */
    void discardAppended(UploadRef upload) throws IOException;

    /**
     * Makes a complete upload the content of the document with the same id, durably and atomically.
     *
     * @throws StorageFullException when there is no room for it
     */
    void finishUpload(UploadRef upload) throws IOException;

    /** Deletes an unfinished upload's bytes (termination, expiry, a refused last chunk). */
    void abortUpload(UUID id, String state) throws IOException;

    /** Answers which of the ids a row still references (a document or an unfinished upload). */
    interface References {
        Set<UUID> referenced(Collection<UUID> ids);
    }

    /**
     * Removes bytes that no row references and that are older than {@code olderThan}: documents whose row was never
     * written or was deleted while the bytes stayed, and leftovers of uploads. Safe to run on several instances at
     * once (deleting twice is harmless); bytes being written are younger than the grace period and are kept.
     *
     * @return how many objects or files were removed
     */
    int sweep(Instant olderThan, References references) throws IOException;
}
