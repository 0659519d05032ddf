package org.errandless.applications;

import java.util.EnumSet;
import java.util.Set;

/** Where an application (办件) stands; the allowed moves between them are DOMAIN.md's transition table. */
public enum ApplicationStatus {
    /** Being prepared by the citizen; no officer sees it. */
    DRAFT,
    /** Handed in; the station must accept, refuse or ask for a supplement within 5 working days. */
    SUBMITTED,
    /** The officer asked, once, for missing materials; the clock is with the citizen. */
    SUPPLEMENT_REQUIRED,
    /** Accepted (受理); the service's time limit runs. */
    ACCEPTED,
    /** Clock stopped (中止) for a hearing, an inspection or an expert review. */
    SUSPENDED,
    /** Decided in the citizen's favour; something is still to be handed over (e.g. the ID card). */
    APPROVED,
    /** Done (办结): effects applied, results issued. */
    COMPLETED,
    /** Refused to accept (不予受理) or rejected on the merits. */
    REJECTED,
    /** Withdrawn by the citizen. */
    WITHDRAWN;

    private static final Set<ApplicationStatus> OPEN = EnumSet.of(SUBMITTED, SUPPLEMENT_REQUIRED, ACCEPTED, SUSPENDED,
            APPROVED);
    private static final Set<ApplicationStatus> FINAL = EnumSet.of(COMPLETED, REJECTED, WITHDRAWN);

    /** In an officer's queue: SUBMITTED, SUPPLEMENT_REQUIRED, ACCEPTED, SUSPENDED and APPROVED (never DRAFT). */
    public boolean isOpen() {
        return OPEN.contains(this);
    }

    /** No transition leaves it. */
    public boolean isFinal() {
        return FINAL.contains(this);
    }
}
