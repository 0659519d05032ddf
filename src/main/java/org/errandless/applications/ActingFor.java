package org.errandless.applications;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.catalog.ServiceItemView;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.registry.Guardianship;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegistryService;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Whom an application is about and who acts in it ({@code onBehalfOf} of {@code POST /applications}): the caller's
 * own person, a minor child of the caller's household ({@link Guardianship}), or a principal who authorised the
 * caller for the service ({@link AgentAuthorisations}).
 *
 * <p>Answers, in this order: an ACTIVE, unexpired authorisation of the subject for the caller and the service allows
 * it (wherever the principal lives); another authorisation of the pair (revoked, expired, another service, not yet
 * confirmed) is 403 {@code not-entitled-to-act}; a person who is not a member of the caller's household is 404
 * {@code not-found} (the answer for an id that does not exist, so ids of other households cannot be probed); a member
 * the caller is not a parent of, or who is 16 or older, is 403 {@code not-entitled-to-act}.
 */
@ApplicationScoped
public class ActingFor {

    static final String NOT_ENTITLED = "not-entitled-to-act";

    @Inject
    RegistryService registry;
    @Inject
    BusinessClock clock;
    @Inject
    AgentAuthorisations authorisations;
    @Inject
    ObjectMapper json;

    /**
     * Who an application is about and who acts.
     *
     * @param subjectPersonId the person the matter concerns
     * @param actingPersonId the caller's person when acting for the subject, else null
     * @param basis on what ground, null when applying for oneself
     * @param authorisationId the authorisation an agent acts under, else null
     * @param parties who applied and whom it is about, as the application stores them (JSON)
     */
    record Acting(UUID subjectPersonId, UUID actingPersonId, ActingBasis basis, UUID authorisationId,
            String parties) {
    }

    /**
     * Resolves {@code onBehalfOf} for the caller's person.
     *
     * @throws ProblemException 404 {@code not-found}, 403 {@code not-entitled-to-act} (see the class comment)
     */
    Acting resolve(UUID callerPersonId, UUID onBehalfOf, ServiceItemView service) {
        PersonView caller = registry.person(callerPersonId).orElse(null);
        if (onBehalfOf == null || onBehalfOf.equals(callerPersonId)) {
            return new Acting(callerPersonId, null, null, null, parties(caller, caller, null));
        }
        var authorisation = authorisations.authorisationFor(callerPersonId, onBehalfOf, service.code());
        if (authorisation.isPresent()) {
            if (!authorisation.get().usable()) {
                throw notEntitled("The authorisation for " + service.code() + " is not active (revoked, expired or "
                        + "not confirmed)");
            }
            PersonView subject = registry.person(onBehalfOf).filter(PersonView::active)
                    .orElseThrow(() -> notEntitled("The principal is no longer an active resident of the register"));
            return new Acting(onBehalfOf, callerPersonId, ActingBasis.AUTHORISATION, authorisation.get().id(),
                    parties(caller, subject, ActingBasis.AUTHORISATION));
        }
        PersonView subject = householdMember(caller, onBehalfOf);
        if (!Guardianship.mayActFor(caller, subject, clock.today())) {
            throw notEntitled("You may apply for a member of your household only as the parent of a child under "
                    + Guardianship.MINOR_AGE + ", or with their authorisation for this service");
        }
        return new Acting(onBehalfOf, callerPersonId, ActingBasis.GUARDIAN, null,
                parties(caller, subject, ActingBasis.GUARDIAN));
    }

    /**
     * Checks again, at the first submission, that the acting person may still act as the application says: the child
     * is still a minor of the household, the authorisation still ACTIVE and unexpired. An application already
     * submitted continues to its decision (a resubmission after a supplement request is not checked again): what was
     * lawfully started is finished, and the applicant keeps access to it.
     *
     * @throws ProblemException 403 {@code not-entitled-to-act}
     */
    void recheck(Application application) {
        if (application.actingBasis == null || application.status != ApplicationStatus.DRAFT) {
            return;
        }
        boolean still = switch (application.actingBasis) {
            case GUARDIAN -> {
                PersonView caller = registry.person(application.actingPersonId).orElse(null);
                PersonView subject = registry.person(application.applicantPersonId).orElse(null);
                yield caller != null && subject != null && Guardianship.mayActFor(caller, subject, clock.today());
            }
            case AUTHORISATION -> authorisations.authorisationFor(application.actingPersonId,
                    application.applicantPersonId, application.serviceCode)
                    .filter(found -> found.id().equals(application.authorisationId))
                    .filter(AgentAuthorisations.Authorisation::usable).isPresent();
        };
        if (!still) {
            throw notEntitled("You may no longer act for the person this application is about");
        }
    }

    private PersonView householdMember(PersonView caller, UUID personId) {
        return registry.person(personId)
                .filter(person -> caller != null && caller.householdId() != null
                        && caller.householdId().equals(person.householdId()) && person.active())
                .orElseThrow(() -> ProblemException.notFound("person"));
    }

    private String parties(PersonView applicant, PersonView subject, ActingBasis basis) {
        Map<String, Object> parties = new LinkedHashMap<>();
        parties.put("applicant", party(applicant));
        parties.put("subject", party(subject));
        parties.put("actingBasis", basis == null ? null : basis.name());
        try {
            return json.writeValueAsString(parties);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the parties of an application", e);
        }
    }

    private static Map<String, Object> party(PersonView person) {
        Map<String, Object> party = new LinkedHashMap<>();
        party.put("personId", person == null ? null : person.id());
        party.put("name", person == null ? null : person.name());
        party.put("idNumber", person == null ? null : person.maskedIdNumber());
        party.put("relationship", person == null || person.relationship() == null ? null
                : person.relationship().name());
        return party;
    }

    private static ProblemException notEntitled(String detail) {
        return new ProblemException(403, NOT_ENTITLED, detail);
    }
}
