package org.errandless.applications.forms;

import java.time.Instant;
import java.util.UUID;

/**
 * A card order of an ID card renewal as other code sees it.
 *
 * @param applicationId the ID_CARD_RENEWAL application that ordered it
 * @param personId the applicant whose card is renewed
 * @param reason EXPIRED, DAMAGED, LOST or DETAILS_CHANGED (the form's {@code reason})
 * @param status ORDERED, then HANDED_OVER
 * @param orderedAt when approval ordered it
 * @param handedOverAt when the card was handed over; null while ORDERED
 */
public record IdCardOrderView(UUID applicationId, UUID personId, String reason, String status, Instant orderedAt,
        Instant handedOverAt) {
}
