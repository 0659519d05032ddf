package org.errandless.appointments;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A session of a station's working day. */
@Schema(name = "AppointmentPeriod", description = "MORNING or AFTERNOON session of a working day")
public enum Period {
    MORNING, AFTERNOON
}
