package org.errandless.documents;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * The upload writers: a small pool of threads ({@code errandless.documents.uploads.write-threads}) that write the
 * bytes of tus PATCHes into the file store and hash them ({@link PushedChunk}), so that neither a slow disk nor the
 * hashing holds up an HTTP I/O thread, and a stalled disk holds at most these threads, not the workers that serve
 * other requests. Made at the first PATCH; Vert.x warns about a write blocked for more than a minute.
 */
@ApplicationScoped
public class UploadWriters {

    static final String POOL = "errandless-upload-writer";

    @Inject
    Vertx vertx;
    @Inject
    DocumentsConfig config;

    private WorkerExecutor executor;

    /** The pool; each upload runs at most one task on it at a time. */
    synchronized WorkerExecutor executor() {
        if (executor == null) {
            executor = vertx.createSharedWorkerExecutor(POOL, config.uploads().writeThreads());
        }
        return executor;
    }

    @PreDestroy
    synchronized void close() {
        if (executor != null) {
            executor.close();
            executor = null;
        }
    }
}
