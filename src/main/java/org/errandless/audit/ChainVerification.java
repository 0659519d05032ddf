package org.errandless.audit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/**
 * The result of walking the audit trail's hash chain from its first row.
 *
 * <p>The walk stops at the first broken link. A deleted row shows as a broken link at the row after it; a deleted
 * last row cannot be seen by the chain alone (compare with an earlier published head hash for that).
 *
 * @param valid whether every row checked out
 * @param checked rows examined, the broken one included
 * @param firstBroken the first row that failed, or {@code null} when the chain is valid
 */
public record ChainVerification(boolean valid, long checked,
        @Schema(nullable = true, description = "The first row that failed; null when the chain is valid")
        BrokenLink firstBroken) {

    /** A chain with no defect. */
    public static ChainVerification intact(long checked) {
        return new ChainVerification(true, checked, null);
    }

    /** A chain broken at {@code link}. */
    public static ChainVerification broken(long checked, BrokenLink link) {
        return new ChainVerification(false, checked, link);
    }

    /**
     * The first row that failed verification.
     *
     * @param sequenceNumber its sequence number
     * @param id its id
     * @param defect what is wrong with it
     */
    public record BrokenLink(long sequenceNumber, UUID id, Defect defect) {
    }

    /** What can be wrong with a row. */
    public enum Defect {
        /** Its stored hash does not match its content: the row was altered (or its hash was). */
        CONTENT_ALTERED,
        /** Its previous hash does not match its predecessor's hash: a row before it was removed, added or re-hashed. */
        LINK_BROKEN
    }
}
