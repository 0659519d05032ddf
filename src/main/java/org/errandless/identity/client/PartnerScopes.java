package org.errandless.identity.client;

import java.util.List;

/** The scopes a partner client may be granted: each opens one kind of check of our register. */
public final class PartnerScopes {

    /** Residency checks: is this person registered with us, and in which district. */
    public static final String PERSON_READ = "registry.person.read";
    /** Relationship checks: do two persons share a household, and how are they related. */
    public static final String HOUSEHOLD_READ = "registry.household.read";
    /** Vital-status checks: is this person recorded as deceased. */
    public static final String VITAL_READ = "registry.vital.read";

    /** Every scope, in a fixed order. */
    public static final List<String> ALL = List.of(PERSON_READ, HOUSEHOLD_READ, VITAL_READ);

    private PartnerScopes() {
    }
}
