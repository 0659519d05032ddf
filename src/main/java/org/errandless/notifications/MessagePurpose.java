package org.errandless.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why a message is sent; kept with the message for operators and for the admin outbox view. */
@Schema(description = "OTP: a sign-in code; IDENTITY_MOVED: the verified identity moved to another account; "
        + "STATUS_CHANGED: an application of the citizen changed its status; DEADLINE_WARNING: to staff, a deadline they "
        + "handle or oversee turned YELLOW or RED; APPOINTMENT_REMINDER: to a citizen, on the working day before the "
        + "appointment of a hand-over; CONSENT_REQUESTED: to the head of a household, someone asks to "
        + "move into it (投靠) and needs their consent in the app")
public enum MessagePurpose {
    /** A one-time sign-in code. */
    OTP,
    /** The person this account was bound to proved it is theirs on another account. */
    IDENTITY_MOVED,
    /** An application of the citizen moved to another status (submitted, accepted, approved...). */
    STATUS_CHANGED,
    /** To staff: a deadline of their station or scope turned YELLOW (at most one working day left) or RED. */
    DEADLINE_WARNING,
    /** To a citizen: the appointment of a hand-over is on the next working day. */
    APPOINTMENT_REMINDER,

    /** To the head of a household: a MOVE_IN application into it waits for their consent (投靠). */
    CONSENT_REQUESTED
}
