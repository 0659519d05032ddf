package org.errandless.documents;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** Until "Applications" decides, nobody on the staff reads a citizen's document, and no citizen another's. */
@ApplicationScoped
@DefaultBean
public class DenyStaffDocumentReads implements DocumentAccessPolicy {

    @Override
    public Optional<Grant> staffRead(StaffReader reader, DocumentRef document) {
        return Optional.empty();
    }

    @Override
    public boolean subjectRead(UUID readerAccountId, DocumentRef document) {
        return false;
    }
}
