package org.errandless.common.security;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How sure we are of who the citizen is (实名等级); a service names the minimum it needs. */
@Schema(description = "Assurance level: L1 phone verified; L2 name and ID number matched to the register and the "
        + "phone confirmed by the carrier; L3 plus a face and liveness check")
public enum AssuranceLevel {
    /** Phone verified by a one-time code. */
    L1,
    /** Name and ID number matched to an ACTIVE person in the register, phone confirmed by the carrier check. */
    L2,
    /** L2 plus a face and liveness check. */
    L3;

    /** Whether this level satisfies a service that needs {@code minimum}. */
    public boolean isAtLeast(AssuranceLevel minimum) {
        return compareTo(minimum) >= 0;
    }
}
