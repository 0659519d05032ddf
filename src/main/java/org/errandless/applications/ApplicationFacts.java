package org.errandless.applications;

import java.time.Instant;
import java.util.UUID;

/**
 * The few facts about an application that features built on applications (e.g. evaluation) need, without its
 * representation.
 *
 * @param id the application
 * @param serviceCode its service item
 * @param status its status now
 * @param applicantAccountId the applicant's citizen account
 * @param applicantPersonId the applicant's person in the register
 * @param handlingStation the station that decides; null while DRAFT
 * @param decidedAt when it was approved or rejected; null before
 */
public record ApplicationFacts(UUID id, String serviceCode, ApplicationStatus status, UUID applicantAccountId,
        UUID applicantPersonId, String handlingStation, Instant decidedAt) {

    /** Whether the officers have decided: approved (also while waiting for hand-over), completed or rejected. */
    public boolean decided() {
        return status == ApplicationStatus.APPROVED || status == ApplicationStatus.COMPLETED
                || status == ApplicationStatus.REJECTED;
    }
}
