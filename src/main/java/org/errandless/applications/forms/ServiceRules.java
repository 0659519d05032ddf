package org.errandless.applications.forms;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.errandless.catalog.ServiceItemView;
import org.errandless.common.problem.Problem;

/**
 * What each service of the catalogue means for an application: its form, who may apply, which household it changes
 * (and so which station decides) and what approval does to the register. The lifecycle of "Applications" calls it;
 * the per-service knowledge lives behind it.
 */
public interface ServiceRules {

    /**
     * The household an application changes and the station that therefore decides (受理派出所): for MOVE_IN the
     * receiving household, otherwise the applicant's own.
     */
    record Target(UUID householdId, String stationCode) {
    }

    /**
     * The problems with a form for submission: the service's published JSON Schema ({@code formSchema}) plus the
     * rules a schema cannot say (a birth date not in the future). Empty when the form is valid. Drafts are not
     * checked; submit answers 422 {@code form-invalid} with these as {@code invalidParams}.
     *
     * @param form the form as the citizen left it; may be null or empty
     */
    List<Problem.InvalidParam> validate(ServiceItemView service, JsonNode form);

    /**
     * Checks that the applicant may apply with this (valid) form (a parent registers a birth, a member of the same
     * household reports a death, a move goes to another existing household in Chongqing) and names the target.
     *
     * @throws org.errandless.common.problem.ProblemException 422 {@code applicant-not-eligible} naming the reason
     */
    Target target(ServiceItemView service, UUID applicantPersonId, JsonNode form);

    /**
     * The people of the register other than the applicant that a (valid) form names, so that a read of the
     * application is recorded for them too: a register id in a field named {@code ...PersonId} (the deceased of a
     * DEATH_DEREGISTRATION), or an ID number of the register in any field.
     */
    Set<UUID> namedPersons(ServiceItemView service, UUID applicantPersonId, JsonNode form);

    /**
     * Applies the effect of approval to the register, in the caller's transaction, recording {@code applicationId}
     * in the register's history (BIRTH_REGISTRATION adds the newborn, MOVE_IN moves the applicant, ADDRESS_CHANGE
     * changes the address, DEATH_DEREGISTRATION marks the person DECEASED, ID_CARD_RENEWAL records a card order;
     * HOUSEHOLD_CERTIFICATE changes nothing).
     *
     * @return the people the approval added to the register (the newborn), whom the application is now about too
     */
    Set<UUID> applyApproval(ServiceItemView service, UUID applicantPersonId, JsonNode form, UUID applicationId);

    /** Records the hand-over of a service with a hand-over step (ID_CARD_RENEWAL: the card order is handed over). */
    void applyCompletion(ServiceItemView service, UUID applicationId);
}
