package org.errandless.documents;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.errandless.common.web.RequestIds;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;

/**
 * The body of a tus PATCH pushed into the store as the network delivers it. The HTTP layer's I/O thread only queues
 * each buffer it receives (no copy: Vert.x hands over a buffer of its own); an upload writer thread
 * ({@link UploadWriters}) writes the queued buffers to the {@link ContentStore.UploadSink} in order and feeds the
 * chunk's checksum, the file's hash and the type detection's first bytes from the same buffers. At most one writer
 * task runs per upload, so the bytes stay in order; the request pauses while {@link #HIGH_WATER} bytes wait and
 * resumes when the writer takes them, so memory stays bounded whatever the file's size and a slow disk slows its own
 * uploads only, never the I/O thread and the other requests it serves. No stream, no copy into another array, and no
 * thread waits for the bytes of a slow phone. The end (recording the offset, or turning the upload into its
 * document, which may wait for the virus scanner) runs on an ordinary worker.
 */
final class PushedChunk {

    private static final Logger LOG = Logger.getLogger(PushedChunk.class);

    /** Bytes queued for the writer before the request pauses: four of Vert.x's pieces of at most 64K. */
    static final int HIGH_WATER = 256 * 1024;

    /** How the body ended, as the I/O thread saw it. */
    private enum End {
        /** Every byte arrived. */
        COMPLETE,
        /** The connection broke: what arrived is kept. */
        BROKEN,
        /** The body went past the upload's length: nothing of it counts. */
        OVERFLOW
    }

    private final UploadService.Transfer transfer;
    private final ContentStore.UploadSink sink;
    private final HttpServerRequest request;
    private final Context requestContext;
    private final WorkerExecutor writers;
    private final String requestId;
    private final long limit;
    private final CompletableFuture<UploadService.Written> result = new CompletableFuture<>();
    // touched on the request's I/O thread only
    private long received;
    // guarded by this
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean writing;
    private boolean paused;
    private End end;
    private boolean stopped;
    // touched by the writer task only (one at a time)
    private long written;

    private PushedChunk(UploadService.Transfer transfer, ContentStore.UploadSink sink, HttpServerRequest request,
            WorkerExecutor writers) {
        this.transfer = transfer;
        this.sink = sink;
        this.request = request;
        this.requestContext = request instanceof HttpServerRequestInternal internal ? internal.context() : null;
        this.writers = writers;
        this.requestId = request.getHeader(RequestIds.HEADER);
        this.limit = transfer.limit();
    }

    /**
     * Takes the request's body into {@code sink}, written by {@code writers}; completes with what
     * {@link UploadService.Transfer#end} answers, or with its problem.
     */
    static CompletionStage<UploadService.Written> start(UploadService.Transfer transfer,
            ContentStore.UploadSink sink, HttpServerRequest request, WorkerExecutor writers) {
        PushedChunk chunk = new PushedChunk(transfer, sink, request, writers);
        if (request.isEnded()) {
            // nothing of the body is left to arrive (an empty one)
            chunk.ended(End.COMPLETE);
            return chunk.result;
        }
        request.pause();
        request.exceptionHandler(ignored -> chunk.ended(End.BROKEN));
        request.endHandler(ignored -> chunk.ended(End.COMPLETE));
        request.handler(chunk::accept);
        request.resume();
        if (request.response().closed()) {
            // the client went away before the handlers were there to hear it: end on the request's I/O thread
            chunk.onRequestContext(() -> chunk.ended(End.BROKEN));
            return chunk.result;
        }
        UploadResource.continueIfExpected(request);
        return chunk.result;
    }

    /** A buffer of the body, on the I/O thread: queued for the writer. */
    private void accept(Buffer buffer) {
        int count = buffer.length();
        boolean overflow = false;
        boolean pause = false;
        boolean schedule;
        synchronized (this) {
            if (stopped || end != null) {
                return;
            }
            received += count;
            if (received > limit) {
                overflow = true;
                end = End.OVERFLOW;
                queue.clear();
                queued = 0;
            } else {
                queue.add(buffer);
                queued += count;
                if (queued >= HIGH_WATER && !paused) {
                    paused = true;
                    pause = true;
                }
            }
            schedule = !writing;
            writing = true;
        }
        if (overflow) {
            // the rest of the body is read and dropped
            dropRest();
        } else if (pause) {
            // a resume the writer asks for meanwhile runs after this handler, on this thread
            request.pause();
        }
        if (schedule) {
            schedule();
        }
    }

    /** The body ended (or the connection broke), on the I/O thread: the writer finishes once the queue is empty. */
    private void ended(End how) {
        boolean schedule;
        synchronized (this) {
            if (stopped || end != null) {
                return;
            }
            end = how;
            schedule = !writing;
            writing = true;
        }
        if (schedule) {
            schedule();
        }
    }

    private void schedule() {
        writers.executeBlocking(withRequestId(() -> {
            write();
            return null;
        }), false).onFailure(failure -> {
            // the pool refused the task (the application is stopping)
            LOG.warnf(failure, "Could not write a chunk of upload %s", transfer.id());
            result.completeExceptionally(failure);
        });
    }

    /** The writer task: writes what is queued, in order, until the queue is empty; finishes after the last byte. */
    private void write() {
        while (true) {
            Buffer[] batch;
            End ending = null;
            boolean resume = false;
            synchronized (this) {
                if (queue.isEmpty()) {
                    if (end == null) {
                        writing = false;
                        return;
                    }
                    ending = end;
                    batch = null;
                } else {
                    batch = queue.toArray(new Buffer[0]);
                    queue.clear();
                    queued = 0;
                    resume = paused;
                    paused = false;
                }
            }
            if (ending != null) {
                finish(new ContentStore.Appended(written, ending == End.BROKEN, ending == End.OVERFLOW, null),
                        null, ending);
                return;
            }
            if (resume) {
                // the I/O thread reads on while these are written
                onRequestContext(() -> {
                    if (!request.isEnded()) {
                        request.resume();
                    }
                });
            }
            try {
                for (Buffer buffer : batch) {
                    ByteBuf bytes = buffer.getByteBuf();
                    int count = bytes.readableBytes();
                    sink.write(bytes.nioBuffer());
                    if (bytes.hasArray()) {
                        transfer.bytes(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), count);
                    } else {
                        transfer.bytes(buffer.getBytes(), 0, count);
                    }
                    written += count;
                }
                if (transfer.renewalDue()) {
                    // a statement: the body queues (and then waits on the socket) meanwhile
                    transfer.renew();
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    stopped = true;
                    queue.clear();
                    queued = 0;
                }
                finish(null, e, null);
                return;
            }
        }
    }

    /**
     * Ends the transfer, after the last write: closes the sink here, then hands the end to a worker (through the I/O
     * thread, which first drops whatever is left of a refused body, unless the body has ended): with what was
     * appended, or with the failure that stopped it.
     */
    private void finish(ContentStore.Appended appended, Throwable failure, End ending) {
        Throwable stopped = failure;
        try {
            sink.close();
        } catch (IOException e) {
            stopped = stopped == null ? e : stopped;
        }
        Throwable cause = stopped;
        if (cause == null && ending == End.COMPLETE) {
            // the body has ended: nothing of it is left to drop
            end(appended, null);
        } else {
            onRequestContext(() -> {
                if (!request.isEnded()) {
                    dropRest();
                }
                end(appended, cause);
            });
        }
    }

    private void end(ContentStore.Appended appended, Throwable cause) {
        blocking(() -> {
            if (cause != null) {
                throw transfer.failed(cause);
            }
            return transfer.end(appended);
        }).onComplete(ended -> {
            if (ended.succeeded()) {
                result.complete(ended.result());
            } else {
                result.completeExceptionally(ended.cause());
            }
        });
    }

    /** The rest of a refused body (beyond the length, a failed store) is read and dropped. On the I/O thread. */
    private void dropRest() {
        request.handler(ignored -> {
        });
        request.exceptionHandler(ignored -> {
        });
        request.endHandler(ignored -> {
        });
        request.resume();
    }

    /** Runs on the request's I/O thread, where every handler of the request runs. */
    private void onRequestContext(Runnable action) {
        if (requestContext == null) {
            action.run();
        } else {
            requestContext.runOnContext(ignored -> action.run());
        }
    }

    /** Runs a blocking step on an ordinary worker, logged (and counted) under the request's id. */
    private <T> Future<T> blocking(Callable<T> step) {
        Callable<T> logged = withRequestId(step);
        if (requestContext == null) {
            try {
                return Future.succeededFuture(logged.call());
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        }
        return requestContext.executeBlocking(logged, false);
    }

    private <T> Callable<T> withRequestId(Callable<T> step) {
        return () -> {
            Object previous = MDC.get(RequestIds.MDC_KEY);
            if (requestId != null) {
                MDC.put(RequestIds.MDC_KEY, requestId);
            }
            try {
                return step.call();
            } finally {
                if (previous == null) {
                    MDC.remove(RequestIds.MDC_KEY);
                } else {
                    MDC.put(RequestIds.MDC_KEY, previous);
                }
            }
        };
    }
}
