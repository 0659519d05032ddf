package org.errandless.documents;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/** Stands in for "Applications": the documents a test registers are in use by a submitted application. */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestDocumentUsage implements DocumentUsage {

    static final Set<UUID> IN_USE = ConcurrentHashMap.newKeySet();

    @Override
    public boolean inUse(UUID documentId) {
        return IN_USE.contains(documentId);
    }
}
