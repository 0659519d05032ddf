package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A request body as a blocking stream, for a content store that reads one ({@link ContentStore#append}: an object
 * store sends parts over the network, which must not happen on the I/O thread): the I/O thread queues the buffers as
 * they arrive, a worker reads them. The request pauses while a few buffers wait, so memory stays bounded whatever the
 * file's size. A broken connection is an {@link IOException} once the bytes that did arrive have been read.
 */
final class RequestBodyStream extends InputStream {

    /** Buffers queued before the request pauses (Netty's are at most {@code quarkus.http.limits.max-chunk-size}). */
    private static final int QUEUED = 4;

    private final HttpServerRequest request;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private Buffer current;
    private int position;
    private boolean ended;
    private boolean paused;
    private IOException failure;
    private boolean closed;

    RequestBodyStream(HttpServerRequest request) {
        this.request = request;
        if (request.isEnded()) {
            ended = true;
            return;
        }
        request.pause();
        request.exceptionHandler(this::failed);
        request.endHandler(ignored -> ended());
        request.handler(this::offer);
        request.resume();
        if (request.response().closed()) {
            // the client went away before the handlers were there to hear it
            failed(new IOException("The connection was closed"));
            return;
        }
        UploadResource.continueIfExpected(request);
    }

    private void offer(Buffer buffer) {
        boolean pause;
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.add(buffer);
            pause = queue.size() >= QUEUED && !paused;
            paused |= pause;
            notifyAll();
        }
        if (pause) {
            request.pause();
        }
    }

    private synchronized void ended() {
        ended = true;
        notifyAll();
    }

    private synchronized void failed(Throwable cause) {
        if (!ended && failure == null) {
            failure = cause instanceof IOException io ? io : new IOException(cause);
        }
        notifyAll();
    }

    /** What the store did not read of the body (it was refused) is read from the socket and dropped. */
    @Override
    public void close() {
        boolean drain;
        synchronized (this) {
            drain = !closed && !ended && failure == null;
            closed = true;
            queue.clear();
            notifyAll();
        }
        if (drain) {
            request.resume();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        boolean resume = false;
        synchronized (this) {
            while (current == null || position == current.length()) {
                current = queue.poll();
                position = 0;
                if (current != null) {
                    if (paused && queue.size() <= QUEUED / 2) {
                        paused = false;
                        resume = true;
                    }
                    continue;
                }
                if (resume) {
                    // the queue is empty: let the I/O thread go on before waiting for it
                    resume = false;
                    request.resume();
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return -1;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Interrupted while waiting for the request body");
                }
            }
        }
        if (resume) {
            request.resume();
        }
        int count = Math.min(length, current.length() - position);
        current.getBytes(position, position + count, target, offset);
        position += count;
        return count;
    }
}
