package org.errandless.documents;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/** Stands in for "Applications": grants staff reads of the documents a test registers, refuses all others. */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestDocumentAccessPolicy implements DocumentAccessPolicy {

    static final Map<UUID, Grant> GRANTS = new ConcurrentHashMap<>();

    @Override
    public Optional<Grant> staffRead(StaffReader reader, DocumentRef document) {
        return Optional.ofNullable(GRANTS.get(document.id()));
    }
}
