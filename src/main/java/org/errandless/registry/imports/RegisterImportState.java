package org.errandless.registry.imports;

/** Where a register import stands. */
public enum RegisterImportState {
    /** Received and staged; waiting for an instance to apply it. */
    QUEUED,
    /** Being applied by one instance (checks across lines, then the upserts, in one transaction). */
    RUNNING,
    /** Applied: every accepted line is in the register; the rejected ones are in the report. */
    SUCCEEDED,
    /** Not applied at all (the register is as before); {@code failureCode} says why. */
    FAILED
}
