package org.errandless.applications;

import java.time.Instant;
import java.util.UUID;

/**
 * A CDI event fired synchronously, inside the transaction of the change, each time an application moves from one
 * status to another (creation included, with {@code from == null}).
 *
 * <p>Other features observe it to act in the same transaction (issue an e-certificate on completion, queue the
 * citizen's notification, wake long-polls after commit), so that "Applications" needs no dependency on them. An
 * observer that throws rolls the transition back: observers must only fail for reasons that should.
 *
 * @param applicationId the application
 * @param serviceCode its service, e.g. {@code BIRTH_REGISTRATION}
 * @param applicantAccountId the citizen account that applied (the subject of its tokens)
 * @param applicantPersonId the register's person of the applicant
 * @param handlingStation the station that decides, null while DRAFT
 * @param from the status before, null on creation
 * @param to the status after
 * @param action the transition, e.g. {@code submit}, {@code approve}
 * @param sequence the timeline sequence number of the event recording it
 * @param publicEvent whether the citizen sees the event (PUBLIC) or only staff (INTERNAL)
 * @param comment the comment or reason given, may be null
 * @param at when
 */
public record ApplicationStatusChanged(UUID applicationId, String serviceCode, UUID applicantAccountId,
        UUID applicantPersonId, String handlingStation, ApplicationStatus from, ApplicationStatus to, String action,
        long sequence, boolean publicEvent, String comment, Instant at) {
}
