package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * A test double's base: every operation goes to the real store unless the double overrides it. Presigned reads keep
 * the interface's default (none), so every read goes through {@link #open}, where a double can see it.
 */
abstract class ForwardingContentStore implements ContentStore {

    protected final ContentStore real;

    ForwardingContentStore(ContentStore real) {
        this.real = real;
    }

    @Override
    public Stored put(UUID id, InputStream content) throws IOException {
        return real.put(id, content);
    }

    @Override
    public Stored adopt(UUID id, Path file) throws IOException {
        return real.adopt(id, file);
    }

    @Override
    public InputStream open(UUID id, long offset, long length) throws IOException {
        return real.open(id, offset, length);
    }

    @Override
    public boolean delete(UUID id) throws IOException {
        return real.delete(id);
    }

    @Override
    public boolean exists(UUID id) throws IOException {
        return real.exists(id);
    }

    @Override
    public Appended append(UploadRef upload, InputStream body, long declared, long limit, UploadListener listener)
            throws IOException {
        return real.append(upload, body, declared, limit, listener);
    }

    @Override
    public UploadSink openSink(UploadRef upload) throws IOException {
        return real.openSink(upload);
    }

    @Override
    public void discardAppended(UploadRef upload) throws IOException {
        real.discardAppended(upload);
    }

    @Override
    public void finishUpload(UploadRef upload) throws IOException {
        real.finishUpload(upload);
    }

    @Override
    public void abortUpload(UUID id, String state) throws IOException {
        real.abortUpload(id, state);
    }

    @Override
    public int sweep(Instant olderThan, References references) throws IOException {
        return real.sweep(olderThan, references);
    }
}
