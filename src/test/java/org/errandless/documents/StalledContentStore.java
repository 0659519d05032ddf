package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A content store on a disk that stalls: the first write of bytes pushed to an upload waits until {@link #release}
 * is counted down (it says so through {@link #writing} first, and remembers where it ran); everything else goes to
 * the real store.
 */
final class StalledContentStore implements ContentStore {

    private final ContentStore real;
    /** Released when a pushed write has started waiting. */
    final CountDownLatch writing = new CountDownLatch(1);
    /** Lets the waiting write go on. */
    final CountDownLatch release = new CountDownLatch(1);
    /** The Vert.x context of the waiting write (the request's, whose event loop serves its connection). */
    volatile Context writerContext;
    /** Whether the waiting write ran on a Vert.x event-loop (HTTP I/O) thread. */
    volatile boolean writerOnEventLoop;

    StalledContentStore(ContentStore real) {
        this.real = real;
    }

    @Override
    public UploadSink openSink(UploadRef upload) throws IOException {
        UploadSink sink = real.openSink(upload);
        if (sink == null) {
            return null;
        }
        return new UploadSink() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                if (writing.getCount() > 0) {
                    writerContext = Vertx.currentContext();
                    writerOnEventLoop = Context.isOnEventLoopThread();
                    writing.countDown();
                    try {
                        if (!release.await(2, TimeUnit.MINUTES)) {
                            throw new IOException("The test never released the stalled write");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                }
                sink.write(bytes);
            }

            @Override
            public void close() throws IOException {
                sink.close();
            }
        };
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
