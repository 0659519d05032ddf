package org.errandless.applications;

import java.util.Optional;
import java.util.UUID;

/**
 * The 代办 authorisations an agent acts under, as applications need them: the feature that keeps them implements this
 * (the applications feature cannot depend on it, it sits above).
 */
public interface AgentAuthorisations {

    /**
     * An authorisation of a principal for an agent and a service.
     *
     * @param usable ACTIVE (confirmed by the principal), not revoked and not expired now
     */
    record Authorisation(UUID id, boolean usable) {
    }

    /**
     * The authorisation the principal gave the agent for the service: a usable one when there is one, else the latest
     * other one (revoked, expired, awaiting confirmation); empty when the pair never had one for the service.
     */
    Optional<Authorisation> authorisationFor(UUID agentPersonId, UUID principalPersonId, String serviceCode);
}
