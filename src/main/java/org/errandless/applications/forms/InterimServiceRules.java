package org.errandless.applications.forms;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.catalog.ServiceItemView;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.registry.HouseholdView;
import org.errandless.registry.RegistryService;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.DefaultBean;

/**
 * Stand-in for the per-service rules until {@code CatalogServiceRules} (the forms helper's implementation) is merged;
 * it is replaced by CatalogServiceRules and deleted then. Accepts every form, targets the applicant's own household
 * and its station, and changes nothing in the register.
 */
@DefaultBean
@ApplicationScoped
public class InterimServiceRules implements ServiceRules {

    @Inject
    RegistryService registry;

    @Override
    public List<Problem.InvalidParam> validate(ServiceItemView service, JsonNode form) {
        return List.of();
    }

    @Override
    public Target target(ServiceItemView service, UUID applicantPersonId, JsonNode form) {
        HouseholdView household = registry.householdOf(applicantPersonId).orElseThrow(
                () -> ProblemException.unprocessable("applicant-not-eligible",
                        "The applicant is not registered in a household"));
        return new Target(household.id(), household.station().code());
    }

    @Override
    public void applyApproval(ServiceItemView service, UUID applicantPersonId, JsonNode form, UUID applicationId) {
        // changes nothing until the per-service rules are merged
    }

    @Override
    public void applyCompletion(ServiceItemView service, UUID applicationId) {
        // changes nothing until the per-service rules are merged
    }
}
