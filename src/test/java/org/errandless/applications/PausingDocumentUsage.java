package org.errandless.applications;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import org.errandless.documents.DocumentUsage;

/**
 * Lets a race test stop a document's deletion right after its in-use check (with whatever that check holds) until
 * the test releases it; every other document goes straight to the real usage, which this decorates.
 */
@Decorator
@Priority(2)
public class PausingDocumentUsage implements DocumentUsage {

    /** A paused deletion: counted down when it reaches the pause, then waiting for {@code release}. */
    record Pause(CountDownLatch reached, CountDownLatch release) {
        Pause() {
            this(new CountDownLatch(1), new CountDownLatch(1));
        }
    }

    static final Map<UUID, Pause> PAUSES = new ConcurrentHashMap<>();

    @Inject
    @Delegate
    DocumentUsage delegate;

    @Override
    public boolean inUse(UUID documentId) {
        boolean inUse = delegate.inUse(documentId);
        Pause pause = PAUSES.get(documentId);
        if (pause != null) {
            pause.reached().countDown();
            try {
                if (!pause.release().await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The paused deletion was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return inUse;
    }

    @Override
    public void release(UUID documentId) {
        delegate.release(documentId);
    }

    @Override
    public void expire(UUID documentId) {
        delegate.expire(documentId);
    }
}
