package org.errandless.documents;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

/**
 * Lets a documents test grant staff reads of the documents it registers; every other document is decided by the real
 * policy ("Applications": an officer of the handling station), which this decorates rather than replaces.
 */
@Decorator
@Priority(1)
public class TestDocumentAccessPolicy implements DocumentAccessPolicy {

    static final Map<UUID, Grant> GRANTS = new ConcurrentHashMap<>();

    @Inject
    @Delegate
    DocumentAccessPolicy delegate;

    @Override
    public Optional<Grant> staffRead(StaffReader reader, DocumentRef document) {
        Grant grant = GRANTS.get(document.id());
        return grant != null ? Optional.of(grant) : delegate.staffRead(reader, document);
    }

    @Override
    public boolean subjectRead(UUID readerAccountId, DocumentRef document) {
        return delegate.subjectRead(readerAccountId, document);
    }
}
