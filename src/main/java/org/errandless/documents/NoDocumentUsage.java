package org.errandless.documents;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** No application uses documents yet. */
@ApplicationScoped
@DefaultBean
public class NoDocumentUsage implements DocumentUsage {

    @Override
    public boolean inUse(UUID documentId) {
        return false;
    }

    @Override
    public void release(UUID documentId) {
        // nothing uses documents
    }

    @Override
    public void expire(UUID documentId) {
        // nothing uses documents
    }
}
