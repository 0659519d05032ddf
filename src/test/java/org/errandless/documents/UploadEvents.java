package org.errandless.documents;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Lets upload tests wait for a PATCH to have started or ended on the server, without sleeping or polling. */
@ApplicationScoped
public class UploadEvents {

    private static final Map<UUID, CountDownLatch> STARTED = new ConcurrentHashMap<>();
    private static final Map<UUID, CountDownLatch> ENDED = new ConcurrentHashMap<>();

    /** A latch released when the next PATCH of the upload has started writing. */
    static CountDownLatch started(UUID upload) {
        CountDownLatch latch = new CountDownLatch(1);
        STARTED.put(upload, latch);
        return latch;
    }

    /** A latch released when the next PATCH of the upload has ended and its bytes are recorded. */
    static CountDownLatch ended(UUID upload) {
        CountDownLatch latch = new CountDownLatch(1);
        ENDED.put(upload, latch);
        return latch;
    }

    void onStarted(@Observes UploadChunkStarted event) {
        CountDownLatch latch = STARTED.remove(event.uploadId());
        if (latch != null) {
            latch.countDown();
        }
    }

    void onEnded(@Observes UploadChunkEnded event) {
        CountDownLatch latch = ENDED.remove(event.uploadId());
        if (latch != null) {
            latch.countDown();
        }
    }
}
