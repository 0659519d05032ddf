package org.errandless.applications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Who acted on an application, by role (the timeline never names a person). */
@Schema(description = "Who acted, by role: CITIZEN the applicant, OFFICER an officer of the handling station, SYSTEM "
        + "the application itself (e.g. an instant service decided at once)")
public enum ActorRole {
    CITIZEN, OFFICER, SYSTEM
}
