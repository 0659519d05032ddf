package org.errandless.documents;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides whether a staff member may read a citizen's document (SPI; "Applications" implements it: an officer
 * handling an application the document is attached to), and whether a citizen may read a document another citizen
 * handed in for them ({@link #subjectRead}). Owners never ask: they always read their own documents.
 * Until an implementation exists, {@link DenyStaffDocumentReads} refuses every staff read, and staff get 404.
 *
 * <p>Every granted read is recorded in the access log for the person the grant names, with its purpose, in the
 * transaction of the read.
 */
public interface DocumentAccessPolicy {

    /** The staff member asking, from their token. */
    record StaffReader(String staffId, Set<String> roles, String station) {
    }

    /** The document asked for. */
    record DocumentRef(UUID id, UUID ownerAccountId, String kind) {
    }

    /**
     * A granted read.
     *
     * @param personId the register's person whose data this is (the access log is kept per person)
     * @param accessorLabel station and role in plain words, shown to the citizen
     * @param purpose why, shown to the citizen, e.g. {@code 审核出生登记申请}
     */
    record Grant(UUID personId, String accessorLabel, String purpose) {
    }

    /**
     * Whether the staff member may read the document.
     *
     * @return the grant, or empty to refuse (the caller then answers 404, as for a document that does not exist)
     */
    Optional<Grant> staffRead(StaffReader reader, DocumentRef document);

    /**
     * Whether a citizen who does not own the document may read it because it was handed in for them: the evidence of
     * an application a guardian or an authorised agent (the owner) submitted about them. Read-only; the owner alone
     * deletes it. Nobody else may: the caller then answers 404, as for a document that does not exist.
     *
     * @param readerAccountId the citizen account asking
     */
    boolean subjectRead(UUID readerAccountId, DocumentRef document);
}
