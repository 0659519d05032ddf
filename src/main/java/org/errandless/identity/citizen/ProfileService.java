package org.errandless.identity.citizen;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.common.security.Roles;
import org.errandless.registry.HouseholdView;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegistryService;

/** The citizen's own views: profile and household. Access checks use the level stored for the account. */
@ApplicationScoped
@Transactional
public class ProfileService {

    @Inject
    CitizenAccounts accounts;
    @Inject
    RegistryService registry;

    public ProfileView profile(UUID accountId) {
        CitizenAccount account = account(accountId);
        Optional<PersonView> person = Optional.ofNullable(account.personId).flatMap(registry::person);
        return new ProfileView(account.id, "+86" + accounts.phoneOf(account), account.assuranceLevel,
                person.map(PersonView::name).orElse(null), person.map(PersonView::maskedIdNumber).orElse(null),
                List.of(Roles.CITIZEN));
    }

    public MyHouseholdView household(UUID accountId) {
        CitizenAccount account = account(accountId);
        if (account.personId == null || !account.assuranceLevel.isAtLeast(AssuranceLevel.L2)) {
            throw new ProblemException(403, "assurance-too-low",
                    "Verify your identity (level L2) to see your household");
        }
        HouseholdView household = registry.householdOf(account.personId)
                .orElseThrow(() -> ProblemException.notFound("Household"));
        return new MyHouseholdView(household.id(), household.householdNumber(), household.type().name(),
                household.address(), household.station().code(), household.station().name(),
                household.members().stream().map(member -> new HouseholdMemberView(member.id(), member.name(),
                        member.maskedIdNumber(), member.sex().name(), member.birthDate(), member.ethnicity(),
                        member.relationship().name(), member.status().name())).toList());
    }

    /** The signed-in account; a token of a deleted or disabled account is answered like no token. */
    public CitizenAccount account(UUID accountId) {
        return accounts.byId(accountId).filter(account -> !account.disabled)
                .orElseThrow(() -> new ProblemException(401, "unauthorized", "Unknown or disabled account"));
    }
}
