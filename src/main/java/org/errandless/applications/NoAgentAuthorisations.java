package org.errandless.applications;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** No authorisations, where no feature keeps them: only parents act for others. */
@ApplicationScoped
@DefaultBean
class NoAgentAuthorisations implements AgentAuthorisations {

    @Override
    public Optional<Authorisation> authorisationFor(UUID agentPersonId, UUID principalPersonId, String serviceCode) {
        return Optional.empty();
    }
}
