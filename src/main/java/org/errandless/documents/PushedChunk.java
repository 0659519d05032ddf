package org.errandless.documents;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.errandless.common.web.RequestIds;
import org.jboss.logging.MDC;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;

/**
 * The body of a tus PATCH pushed into the store as the network delivers it: each buffer the HTTP layer's I/O thread
 * receives is written to the {@link ContentStore.UploadSink} there and then, and the chunk's checksum, the file's
 * hash and the type detection's first bytes are fed from the same buffer. No stream, no copy into another array, and
 * no worker thread waits for the bytes of a slow phone; only the blocking steps (a lease renewal, and the end:
 * recording the offset or turning the upload into its document) run on a worker. Backpressure is the file write
 * itself: a buffer is in the kernel's page cache before the next one is read from the socket.
 */
final class PushedChunk {

    private final UploadService.Transfer transfer;
    private final ContentStore.UploadSink sink;
    private final HttpServerRequest request;
    private final String requestId;
    private final long limit;
    private final CompletableFuture<UploadService.Written> result = new CompletableFuture<>();
    // touched on the request's I/O thread only
    private long written;
    private boolean done;

    private PushedChunk(UploadService.Transfer transfer, ContentStore.UploadSink sink, HttpServerRequest request) {
        this.transfer = transfer;
        this.sink = sink;
        this.request = request;
        this.requestId = request.getHeader(RequestIds.HEADER);
        this.limit = transfer.limit();
    }

    /**
     * Takes the request's body into {@code sink}; completes with what {@link UploadService.Transfer#end} answers, or
     * with its problem.
     */
    static CompletionStage<UploadService.Written> start(UploadService.Transfer transfer,
            ContentStore.UploadSink sink, HttpServerRequest request) {
        PushedChunk chunk = new PushedChunk(transfer, sink, request);
        if (request.isEnded()) {
            // nothing of the body is left to arrive (an empty one)
            chunk.finish(new ContentStore.Appended(0, false, false, null), null, null);
            return chunk.result;
        }
        request.pause();
        request.exceptionHandler(chunk::broken);
        request.endHandler(ignored -> chunk.ended());
        request.handler(chunk::accept);
        request.resume();
        if (request.response().closed()) {
            // the client went away before the handlers were there to hear it: end on the request's I/O thread
            chunk.onRequestContext(() -> chunk.broken(null));
            return chunk.result;
        }
        UploadResource.continueIfExpected(request);
        return chunk.result;
    }

    private void accept(Buffer buffer) {
        if (done) {
            return;
        }
        int count = buffer.length();
        if (written + count > limit) {
            finish(new ContentStore.Appended(written, false, true, null), null, Vertx.currentContext());
            return;
        }
        ByteBuf bytes = buffer.getByteBuf();
        try {
            sink.write(bytes.nioBuffer());
        } catch (IOException e) {
            finish(null, e, Vertx.currentContext());
            return;
        }
        if (bytes.hasArray()) {
            transfer.bytes(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), count);
        } else {
            transfer.bytes(buffer.getBytes(), 0, count);
        }
        written += count;
        if (transfer.renewalDue()) {
            // a statement: the body waits on the socket meanwhile
            request.pause();
            Context context = Vertx.currentContext();
            blocking(context, () -> {
                transfer.renew();
                return null;
            }).onComplete(renewed -> {
                if (done) {
                    return;
                }
                if (renewed.failed()) {
                    finish(null, renewed.cause(), context);
                } else {
                    request.resume();
                }
            });
        }
    }

    /** Runs on the request's I/O thread, where every handler of this chunk runs. */
    private void onRequestContext(Runnable action) {
        Context context = request instanceof HttpServerRequestInternal internal ? internal.context() : null;
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    private void ended() {
        if (!done) {
            finish(new ContentStore.Appended(written, false, false, null), null, Vertx.currentContext());
        }
    }

    /** The connection broke (or the HTTP layer gave up on the body): what arrived is kept. */
    private void broken(Throwable cause) {
        if (!done) {
            finish(new ContentStore.Appended(written, true, false, null), null, Vertx.currentContext());
        }
    }

    /** Ends the transfer on a worker: with what was appended, or with the failure that stopped it. */
    private void finish(ContentStore.Appended appended, Throwable failure, Context context) {
        done = true;
        if (!request.isEnded()) {
            // the rest of a refused body (beyond the length, a failed store) is read and dropped
            request.handler(ignored -> {
            });
            request.exceptionHandler(ignored -> {
            });
            request.endHandler(ignored -> {
            });
            request.resume();
        }
        blocking(context, () -> {
            Throwable stopped = failure;
            try {
                sink.close();
            } catch (IOException e) {
                stopped = stopped == null ? e : stopped;
            }
            if (stopped != null) {
                throw transfer.failed(stopped);
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

    /** Runs a blocking step on a worker, logged (and counted) under the request's id. */
    private <T> Future<T> blocking(Context context, Callable<T> step) {
        Context on = context != null ? context : Vertx.currentContext();
        Callable<T> withRequestId = () -> {
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
        if (on == null) {
            // not on an I/O thread (an empty body, finished where the request was set up): run it here
            try {
                return Future.succeededFuture(withRequestId.call());
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        }
        return on.executeBlocking(withRequestId, false);
    }
}
