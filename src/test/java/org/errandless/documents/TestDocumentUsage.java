package org.errandless.documents;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

/**
 * Lets a documents test mark the documents it registers as in use; every other document is decided by the real usage
 * ("Applications": attached to an application neither DRAFT nor WITHDRAWN), which this decorates.
 */
@Decorator
@Priority(1)
public class TestDocumentUsage implements DocumentUsage {

    static final Set<UUID> IN_USE = ConcurrentHashMap.newKeySet();

    @Inject
    @Delegate
    DocumentUsage delegate;

    @Override
    public boolean inUse(UUID documentId) {
        return IN_USE.contains(documentId) || delegate.inUse(documentId);
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
