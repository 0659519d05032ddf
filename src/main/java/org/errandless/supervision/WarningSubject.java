package org.errandless.supervision;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a deadline warning is about. */
@Schema(name = "WarningSubject", description = "APPLICATION: an application's running deadline (acceptance or "
        + "service); RECTIFICATION: the due date of the rectification task of a bad review")
public enum WarningSubject {
    /** An application's running deadline: acceptance while SUBMITTED, the service's from ACCEPTED. */
    APPLICATION,
    /** The due date of an open rectification task; the subject is the evaluation. */
    RECTIFICATION
}
