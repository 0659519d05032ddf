package org.errandless.documents;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A content store on a disk that stalls: the first write of bytes pushed to an upload waits until {@link #release}
 * is counted down (it says so through {@link #writing} first, and remembers where it ran); everything else goes to
 * the real store.
 */
final class StalledContentStore extends ForwardingContentStore {

    /** Released when a pushed write has started waiting. */
    final CountDownLatch writing = new CountDownLatch(1);
    /** Lets the waiting write go on. */
    final CountDownLatch release = new CountDownLatch(1);
    /** The Vert.x context of the waiting write (the request's, whose event loop serves its connection). */
    volatile Context writerContext;
    /** Whether the waiting write ran on a Vert.x event-loop (HTTP I/O) thread. */
    volatile boolean writerOnEventLoop;

    StalledContentStore(ContentStore real) {
        super(real);
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
}
