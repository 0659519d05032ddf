package org.errandless.applications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whether the citizen sees a timeline event. */
@Schema(description = "PUBLIC: the citizen sees it; INTERNAL: staff only (an officer's internal note)")
public enum EventVisibility {
    PUBLIC, INTERNAL
}
