package org.errandless.documents;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** Until "Applications" decides staff reads, nobody on the staff reads a citizen's document. */
@ApplicationScoped
@DefaultBean
public class DenyStaffDocumentReads implements DocumentAccessPolicy {

    @Override
    public Optional<Grant> staffRead(StaffReader reader, DocumentRef document) {
        return Optional.empty();
    }
}
