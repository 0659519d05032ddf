package org.errandless.applications;

/** The actions of DOMAIN.md's transition table; {@link #path()} is the endpoint and the event's action name. */
public enum ApplicationAction {
    SUBMIT("submit", true),
    ACCEPT("accept", false),
    REQUEST_SUPPLEMENT("request-supplement", false),
    REJECT("reject", false),
    SUSPEND("suspend", false),
    RESUME("resume", false),
    APPROVE("approve", false),
    COMPLETE("complete", false),
    WITHDRAW("withdraw", true);

    private final String path;
    private final boolean byApplicant;

    ApplicationAction(String path, boolean byApplicant) {
        this.path = path;
        this.byApplicant = byApplicant;
    }

    /** The endpoint segment and timeline action, e.g. {@code request-supplement}. */
    public String path() {
        return path;
    }

    /** Taken by the applicant (submit, withdraw); all others by an officer of the handling station. */
    public boolean byApplicant() {
        return byApplicant;
    }
}
