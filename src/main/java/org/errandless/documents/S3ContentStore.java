package org.errandless.documents;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.errandless.common.problem.ProblemException;
import org.jboss.logging.Logger;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Documents on S3-compatible object storage: a document is the object {@code <prefix>documents/<id>}.
 *
 * <p>A resumable upload is one S3 multipart upload to the document's own key, so finishing it
 * (CompleteMultipartUpload) makes the document's content appear, whole, without a copy. Parts are
 * {@code errandless.documents.s3.part-size} bytes (at least S3's 5 MiB minimum) except the last, and part {@code n}
 * always holds the bytes from {@code (n-1) × part-size}: a part sent twice replaces itself. The bytes of a PATCH that
 * do not fill a part go to a tail object, {@code <prefix>uploads/<id>/<end offset>}, which the next PATCH (on any
 * instance) reads back in front of its own bytes. Everything needed to go on is on the upload's row: the offset, and
 * this store's state (the multipart upload's id, the part size and the parts' ETags), recorded after every part
 * ({@link UploadListener#checkpoint}), so a PATCH cut off by a dying instance loses at most one part's worth.
 * A file that arrives whole in one PATCH and fits one part is one PutObject.
 *
 * <p>Bodies stream from the request to S3 with their length known (a body without Content-Length is spooled to a
 * local temporary file first); nothing is buffered in memory beyond the HTTP client's small buffers. Reads are
 * ranged GETs. Leftovers (a multipart upload or tail of an instance that died, bytes of a document whose row was never
 * written) are removed by {@link #sweep}; a bucket lifecycle rule aborting incomplete multipart uploads after a few
 * days is a good second net.
 */
public class S3ContentStore implements ContentStore {

    private static final Logger LOG = Logger.getLogger(S3ContentStore.class);
    /** S3's smallest part but the last. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** A skip at least this long opens a new ranged read instead of reading through. */
    private static final long SKIP_BY_RANGE = 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final long partSize;

    public S3ContentStore(S3Client s3, String bucket, String prefix, long partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("errandless.documents.s3.part-size must be at least 5M (S3's minimum)");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.partSize = partSize;
    }

    S3Client client() {
        return s3;
    }

    String bucket() {
        return bucket;
    }

    String documentKey(UUID id) {
        return prefix + "documents/" + id;
    }

    private String tailPrefix(UUID id) {
        return prefix + "uploads/" + id + "/";
    }

    private String tailKey(UUID id, long end) {
        return tailPrefix(id) + end;
    }

    @Override
    public Stored put(UUID id, InputStream content) throws IOException {
        // the length must be known before the first byte goes out: spool to a local temporary file
        Path spool = Files.createTempFile("errandless-s3-", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(spool)) {
                content.transferTo(out);
            }
            return adopt(id, spool);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    @Override
    public Stored adopt(UUID id, Path file) throws IOException {
        long size = Files.size(file);
        MessageDigest sha256 = ResumableSha256.jdk();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            call(() -> s3.putObject(b -> b.bucket(bucket).key(documentKey(id)).contentLength(size),
                    once(in, size)));
        }
        return new Stored(size, HexFormat.of().formatHex(sha256.digest()));
    }

    @Override
    public InputStream open(UUID id, long offset, long length) throws IOException {
        return new RangeStream(documentKey(id), offset, length);
    }

    @Override
    public boolean delete(UUID id) throws IOException {
        boolean existed = exists(id);
        call(() -> s3.deleteObject(b -> b.bucket(bucket).key(documentKey(id))));
        return existed;
    }

    @Override
    public boolean exists(UUID id) throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(documentKey(id)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure(e);
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    /** An upload's progress in this store, as recorded on its row. */
    static final class State {
        String uploadId = "";
        long partSize;
        /** The whole file went up in one PutObject: the document's content is there already. */
        boolean complete;
        final List<String> etags = new ArrayList<>();

        static State parse(String text, long defaultPartSize) {
            State state = new State();
            state.partSize = defaultPartSize;
            if (text == null || text.isEmpty()) {
                return state;
            }
            String[] lines = text.split("\n", -1);
            state.uploadId = lines[0];
            state.partSize = Long.parseLong(lines[1]);
            state.complete = lines[2].equals("complete");
            for (int i = 3; i < lines.length; i++) {
                state.etags.add(lines[i]);
            }
            return state;
        }

        String encode() {
            StringBuilder text = new StringBuilder(uploadId).append('\n').append(partSize).append('\n')
                    .append(complete ? "complete" : "parts");
            etags.forEach(etag -> text.append('\n').append(etag));
            return text.toString();
        }
    }

    @Override
    public Appended append(UploadRef upload, InputStream body, long declared, long limit, UploadListener listener)
            throws IOException {
        if (declared >= 0) {
            return stream(upload, body, Math.min(declared, limit), listener);
        }
        // no Content-Length: the part lengths are unknown, so the body goes to a local file first (at most limit)
        Path spool = Files.createTempFile("errandless-s3-", ".patch");
        try {
            long spooled = 0;
            boolean interrupted = false;
            try (OutputStream out = Files.newOutputStream(spool)) {
                byte[] buffer = new byte[FileSystemContentStore.BUFFER];
                while (true) {
                    int read;
                    try {
                        read = body.read(buffer, 0, (int) Math.min(buffer.length, limit - spooled + 1));
                    } catch (IOException e) {
                        interrupted = true;
                        break;
                    }
                    if (read < 0) {
                        break;
                    }
                    if (spooled + read > limit) {
                        return new Appended(0, false, true, upload.state());
                    }
                    out.write(buffer, 0, read);
                    spooled += read;
                }
            }
            try (InputStream in = Files.newInputStream(spool)) {
                Appended appended = stream(upload, in, spooled, listener);
                return new Appended(appended.bytes(), interrupted || appended.interrupted(), false, appended.state());
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Sends {@code available} bytes of the body after the upload's offset, part by part. */
    private Appended stream(UploadRef upload, InputStream body, long available, UploadListener listener)
            throws IOException {
        UUID id = upload.id();
        State state = State.parse(upload.state(), partSize);
        long part = state.partSize;
        long offset = upload.offset();
        long boundary = state.etags.size() * part;
        if (state.complete || offset < boundary || offset - boundary >= part) {
            throw new IOException("Upload " + id + " at " + offset + " does not match its state in the store");
        }
        long end = offset + available;
        Body source = new Body(body, listener);
        long position = offset;
        String recorded = upload.state();
        try {
            while (position < end) {
                long partEnd = Math.min(boundary + part, upload.length());
                if (end >= partEnd) {
                    long size = partEnd - boundary;
                    InputStream bytes = withTail(id, boundary, position, source.next(partEnd - position));
                    if (state.etags.isEmpty() && state.uploadId.isEmpty() && partEnd == upload.length()) {
                        // the whole file in one go: one PutObject, and the document's content is there
                        s3.putObject(b -> b.bucket(bucket).key(documentKey(id)).contentLength(size),
                                once(bytes, size));
                        state.complete = true;
                    } else {
                        if (state.uploadId.isEmpty()) {
                            state.uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(documentKey(id)))
                                    .uploadId();
                        }
                        int number = state.etags.size() + 1;
                        String etag = s3.uploadPart(b -> b.bucket(bucket).key(documentKey(id))
                                .uploadId(state.uploadId).partNumber(number).contentLength(size), once(bytes, size))
                                .eTag();
                        state.etags.add(etag);
                    }
                    boundary = partEnd;
                    position = partEnd;
                } else {
                    long size = end - boundary;
                    InputStream bytes = withTail(id, boundary, position, source.next(end - position));
                    long newEnd = end;
                    s3.putObject(b -> b.bucket(bucket).key(tailKey(id, newEnd)).contentLength(size),
                            once(bytes, size));
                    position = end;
                }
                // superseded tails stay until the upload ends (the recorded state may still name one)
                recorded = state.encode();
                listener.checkpoint(position, recorded);
            }
            return new Appended(position - offset, false, false, recorded);
        } catch (RuntimeException | IOException e) {
            if (source.interrupted) {
                // the client went away: what went up to the last checkpoint is kept
                return new Appended(position - offset, true, false, recorded);
            }
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ProblemException problem) {
                    // the listener stopped the write (the lease was lost)
                    throw problem;
                }
            }
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof SdkException sdk) {
                throw failure(sdk);
            }
            throw new IOException("The object store failed: " + e.getMessage(), e);
        }
    }

    /** The recorded tail (bytes from the last part boundary to the offset) in front of the new bytes. */
    private InputStream withTail(UUID id, long boundary, long offset, InputStream fresh) throws IOException {
        if (offset == boundary) {
            return fresh;
        }
        try {
            return new SequenceInputStream(s3.getObject(b -> b.bucket(bucket).key(tailKey(id, offset))), fresh);
        } catch (NoSuchKeyException e) {
            throw new UploadBytesLost(id, boundary, offset);
        }
    }

    @Override
    public void discardAppended(UploadRef upload) {
        // nothing to undo: parts beyond the recorded ones are replaced when sent again, tails are named by their end
    }

    @Override
    public void finishUpload(UploadRef upload) throws IOException {
        State state = State.parse(upload.state(), partSize);
        UUID id = upload.id();
        if (!state.complete) {
            List<CompletedPart> parts = new ArrayList<>();
            for (int i = 0; i < state.etags.size(); i++) {
                parts.add(CompletedPart.builder().partNumber(i + 1).eTag(state.etags.get(i)).build());
            }
            if (parts.isEmpty() || Math.min((long) parts.size() * state.partSize, upload.length())
                    != upload.length()) {
                throw new UploadBytesLost(id, Math.min((long) parts.size() * state.partSize, upload.length()),
                        upload.length());
            }
            call(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(documentKey(id))
                    .uploadId(state.uploadId).multipartUpload(m -> m.parts(parts))));
        }
        cleanUp(id, null);
    }

    @Override
    public void abortUpload(UUID id, String text) throws IOException {
        State state = State.parse(text, partSize);
        if (state.complete) {
            // the content went up whole but never became a document (its checks failed, or it expired)
            call(() -> s3.deleteObject(b -> b.bucket(bucket).key(documentKey(id))));
        }
        cleanUp(id, null);
    }

    /** Removes an upload's tails and aborts every multipart upload to its key but {@code keep}. */
    private void cleanUp(UUID id, String keep) throws IOException {
        try {
            for (S3Object tail : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(tailPrefix(id))).contents()) {
                s3.deleteObject(b -> b.bucket(bucket).key(tail.key()));
            }
            for (MultipartUpload open : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)
                    .prefix(documentKey(id))).uploads()) {
                if (open.key().equals(documentKey(id)) && !open.uploadId().equals(keep)) {
                    abortQuietly(open.key(), open.uploadId());
                }
            }
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // already gone
        }
    }

    /** Whether an unfinished upload has bytes here (tails or an open multipart upload). */
    boolean uploadExists(UUID id) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(tailPrefix(id)).maxKeys(1)).keyCount() > 0
                || s3.listMultipartUploads(b -> b.bucket(bucket).prefix(documentKey(id))).uploads().stream()
                        .anyMatch(open -> open.key().equals(documentKey(id)));
    }

    @Override
    public int sweep(Instant olderThan, References references) throws IOException {
        try {
            int removed = 0;
            Map<UUID, List<Runnable>> candidates = new HashMap<>();
            String documents = prefix + "documents/";
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(documents)).contents()) {
                UUID id = uuid(object.key().substring(documents.length()));
                if (id != null && object.lastModified().isBefore(olderThan)) {
                    candidates.computeIfAbsent(id, ignored -> new ArrayList<>())
                            .add(() -> s3.deleteObject(b -> b.bucket(bucket).key(object.key())));
                }
                removed += flush(candidates, references, 500);
            }
            String uploads = prefix + "uploads/";
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(uploads)).contents()) {
                String rest = object.key().substring(uploads.length());
                UUID id = rest.indexOf('/') == 36 ? uuid(rest.substring(0, 36)) : null;
                if (id != null && object.lastModified().isBefore(olderThan)) {
                    candidates.computeIfAbsent(id, ignored -> new ArrayList<>())
                            .add(() -> s3.deleteObject(b -> b.bucket(bucket).key(object.key())));
                }
                removed += flush(candidates, references, 500);
            }
            for (MultipartUpload open : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(documents))
                    .uploads()) {
                UUID id = uuid(open.key().substring(documents.length()));
                if (id != null && open.initiated().isBefore(olderThan)) {
                    candidates.computeIfAbsent(id, ignored -> new ArrayList<>())
                            .add(() -> abortQuietly(open.key(), open.uploadId()));
                }
                removed += flush(candidates, references, 500);
            }
            return removed + flush(candidates, references, 0);
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    private static int flush(Map<UUID, List<Runnable>> candidates, References references, int atLeast) {
        if (candidates.isEmpty() || candidates.size() < atLeast) {
            return 0;
        }
        Set<UUID> kept = references.referenced(candidates.keySet());
        int removed = 0;
        for (Map.Entry<UUID, List<Runnable>> candidate : candidates.entrySet()) {
            if (!kept.contains(candidate.getKey())) {
                LOG.infof("Swept the bytes of %s: no document or upload refers to them", candidate.getKey());
                candidate.getValue().forEach(Runnable::run);
                removed += candidate.getValue().size();
            }
        }
        candidates.clear();
        return removed;
    }

    private static UUID uuid(String name) {
        try {
            return name.length() == 36 ? UUID.fromString(name) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A request body that may be read once: a retry of a streamed body fails instead of sending other bytes. */
    private static RequestBody once(InputStream in, long length) {
        ContentStreamProvider provider = new ContentStreamProvider() {
            private boolean used;

            @Override
            public synchronized InputStream newStream() {
                if (used) {
                    throw new IllegalStateException("A streamed body cannot be sent twice");
                }
                used = true;
                return in;
            }
        };
        return RequestBody.fromContentProvider(provider, length, "application/octet-stream");
    }

    /**
     * The PATCH body, cut into the pieces each request sends; every byte is shown to the listener once, as it goes
     * out. A body that ends early or breaks marks the client as gone.
     */
    private static final class Body {
        private final InputStream in;
        private final UploadListener listener;
        boolean interrupted;

        Body(InputStream in, UploadListener listener) {
            this.in = in;
            this.listener = listener;
        }

        /** The next {@code count} bytes, exactly: fewer is an error that fails the request they are sent in. */
        InputStream next(long count) {
            return new InputStream() {
                private long left = count;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int read;
                    try {
                        read = in.read(buffer, offset, (int) Math.min(length, left));
                    } catch (IOException e) {
                        interrupted = true;
                        throw e;
                    }
                    if (read < 0) {
                        interrupted = true;
                        throw new EOFException("The request body ended " + left + " bytes early");
                    }
                    left -= read;
                    listener.bytes(buffer, offset, read);
                    return read;
                }
            };
        }
    }

    /** A ranged read whose long skips start a new ranged read instead of reading through. */
    private final class RangeStream extends InputStream {
        private final String key;
        private long end;
        private long position;
        private ResponseInputStream<GetObjectResponse> current;

        RangeStream(String key, long offset, long length) throws IOException {
            this.key = key;
            this.position = offset;
            this.end = length < 0 ? Long.MAX_VALUE : offset + length;
            reopen();
        }

        private void reopen() throws IOException {
            if (current != null) {
                current.abort();
            }
            String range = "bytes=" + position + "-" + (end == Long.MAX_VALUE ? "" : String.valueOf(end - 1));
            try {
                current = s3.getObject(b -> b.bucket(bucket).key(key).range(range));
                Long length = current.response().contentLength();
                if (length != null) {
                    end = Math.min(end, position + length);
                }
            } catch (NoSuchKeyException e) {
                throw new NoSuchFileException(key);
            } catch (S3Exception e) {
                if (e.statusCode() == 416) {
                    current = null;
                    return;
                }
                throw failure(e);
            } catch (SdkException e) {
                throw failure(e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (current == null || position >= end) {
                return -1;
            }
            int read = current.read(buffer, offset, length);
            if (read > 0) {
                position += read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n < SKIP_BY_RANGE || current == null) {
                return super.skip(n);
            }
            long target = Math.min(position + n, end);
            long skipped = target - position;
            position = target;
            reopen();
            return skipped;
        }

        @Override
        public void close() {
            if (current != null) {
                current.abort();
                current = null;
            }
        }
    }

    private interface Call {
        void run();
    }

    private static void call(Call call) throws IOException {
        try {
            call.run();
        } catch (SdkException e) {
            throw failure(e);
        } catch (IllegalStateException e) {
            // a streamed body the SDK wanted to send again (a retry): the request failed
            throw new IOException("The object store failed: " + e.getMessage(), e);
        }
    }

    /** An SDK failure as an IOException: {@link StorageFullException} where the service says it is out of room. */
    static IOException failure(SdkException e) {
        if (e instanceof S3Exception s3 && (s3.statusCode() == 507 || (s3.awsErrorDetails() != null
                && Set.of("InsufficientStorage", "QuotaExceeded", "XMinioStorageFull", "StorageFull")
                        .contains(s3.awsErrorDetails().errorCode())))) {
            return new StorageFullException("The object store is full", e);
        }
        return new IOException("The object store failed: " + e.getMessage(), e);
    }
}
