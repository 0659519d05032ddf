package org.errandless.applications;

import static org.errandless.applications.ApplicationStatus.ACCEPTED;
import static org.errandless.applications.ApplicationStatus.APPROVED;
import static org.errandless.applications.ApplicationStatus.COMPLETED;
import static org.errandless.applications.ApplicationStatus.DRAFT;
import static org.errandless.applications.ApplicationStatus.REJECTED;
import static org.errandless.applications.ApplicationStatus.SUBMITTED;
import static org.errandless.applications.ApplicationStatus.SUPPLEMENT_REQUIRED;
import static org.errandless.applications.ApplicationStatus.SUSPENDED;
import static org.errandless.applications.ApplicationStatus.WITHDRAWN;

import java.util.Optional;

/** DOMAIN.md's transition table as a function; anything it does not list is refused (409 invalid-transition). */
public final class Lifecycle {

    private Lifecycle() {
    }

    /**
     * Where an action leads from a status.
     *
     * @param handOverStep whether the service leaves an approved application APPROVED until hand-over
     * @return the next status, or empty when the table does not allow the action from {@code from}
     */
    public static Optional<ApplicationStatus> next(ApplicationStatus from, ApplicationAction action,
            boolean handOverStep) {
        ApplicationStatus to = switch (action) {
            case SUBMIT -> from == DRAFT || from == SUPPLEMENT_REQUIRED ? SUBMITTED : null;
            case ACCEPT -> from == SUBMITTED ? ACCEPTED : null;
            case REQUEST_SUPPLEMENT -> from == SUBMITTED ? SUPPLEMENT_REQUIRED : null;
            case REJECT -> from == SUBMITTED || from == ACCEPTED ? REJECTED : null;
            case SUSPEND -> from == ACCEPTED ? SUSPENDED : null;
            case RESUME -> from == SUSPENDED ? ACCEPTED : null;
            case APPROVE -> from == ACCEPTED ? (handOverStep ? APPROVED : COMPLETED) : null;
            case COMPLETE -> from == APPROVED ? COMPLETED : null;
            case WITHDRAW -> from == DRAFT || from == SUBMITTED || from == SUPPLEMENT_REQUIRED || from == ACCEPTED
                    || from == SUSPENDED ? WITHDRAWN : null;
        };
        return Optional.ofNullable(to);
    }
}
