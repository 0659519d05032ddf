package org.errandless.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * A recorded read of a person's data, for listing.
 *
 * @param id the record's id
 * @param personId whose data was read
 * @param accessorType who read it
 * @param accessorId opaque staff id or partner client id, if any
 * @param accessorLabel department or station and role, in plain words
 * @param what kind of data read
 * @param purpose why it was read
 * @param legalBasis the rule that allows the read, if named
 * @param occurredAt when (the first read, for a folded record), at microsecond precision
 * @param requestId the request it happened in (the first, for a folded record), if any
 * @param readCount how many reads the record stands for: repeated reads of one thing by one reader within
 *        {@link AccessLog#FOLD_WINDOW} fold into one record
 * @param lastAt when the last of them happened ({@code occurredAt} for a single read)
 */
public record AccessRecord(UUID id, UUID personId, AccessorType accessorType, String accessorId, String accessorLabel,
        String what, String purpose, String legalBasis, Instant occurredAt, String requestId, int readCount,
        Instant lastAt) {
}
