package org.errandless.sharing;

import java.util.Set;
import java.util.UUID;

/** The partner client making a check, as its token says: its id and the scopes the token carries. */
public record PartnerCaller(UUID clientId, Set<String> scopes) {

    public PartnerCaller {
        scopes = Set.copyOf(scopes);
    }
}
