package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A content store with a tiny quota: writes that would take more than {@code room} bytes fail as a full disk or
 * bucket does ({@link StorageFullException}), before anything is kept; everything else goes to the real store.
 */
final class FullContentStore extends ForwardingContentStore {

    private final long room;

    FullContentStore(ContentStore real, long room) {
        super(real);
        this.room = room;
    }

    private void check(long bytes) throws StorageFullException {
        if (bytes < 0 || bytes > room) {
            throw new StorageFullException("No space left on device (test quota of " + room + " bytes)", null);
        }
    }

    @Override
    public Stored put(UUID id, InputStream content) throws IOException {
        byte[] bytes = content.readAllBytes();
        check(bytes.length);
        return real.put(id, new java.io.ByteArrayInputStream(bytes));
    }

    @Override
    public Stored adopt(UUID id, Path file) throws IOException {
        check(Files.size(file));
        return real.adopt(id, file);
    }

    @Override
    public Appended append(UploadRef upload, InputStream body, long declared, long limit, UploadListener listener)
            throws IOException {
        check(declared < 0 ? -1 : upload.offset() + declared);
        return real.append(upload, body, declared, limit, listener);
    }

    @Override
    public UploadSink openSink(UploadRef upload) throws IOException {
        UploadSink sink = real.openSink(upload);
        if (sink == null) {
            return null;
        }
        return new UploadSink() {
            private long size = upload.offset();

            @Override
            public void write(ByteBuffer bytes) throws IOException {
                // the disk fills up in the middle of the body
                size += bytes.remaining();
                check(size);
                sink.write(bytes);
            }

            @Override
            public void close() throws IOException {
                sink.close();
            }
        };
    }
}
