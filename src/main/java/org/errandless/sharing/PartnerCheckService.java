package org.errandless.sharing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.audit.AccessEntry;
import org.errandless.audit.AccessLog;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.ratelimit.RateDecision;
import org.errandless.common.ratelimit.RateLimit;
import org.errandless.common.ratelimit.RateLimiter;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.client.PartnerClientView;
import org.errandless.identity.client.PartnerClients;
import org.errandless.identity.client.PartnerScopes;
import org.errandless.identity.client.PartnersConfig;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.PersonStatus;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegistryService;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Purpose-bound checks of our register for partner departments. Each check needs its scope, a purpose of the
 * {@link Purpose} list that an admin granted to the client (403 {@code purpose-not-granted} otherwise), a permit of the
 * client's per-minute rate limit and of its daily quota, in that order; a refused or malformed check uses up nothing.
 *
 * <p>Each answer is the one fact asked for and tells nothing more: an ID number the register does not know answers
 * exactly as one that does not match (not resident, not of one household, not recorded as deceased), so no check
 * reveals who is in the register. Each person asked about who is in the register gets an access record (partner,
 * department, purpose, legal basis) in the transaction of the check.
 *
 * <p>One pooled connection at a time ({@code TxType.NEVER} here): the client is read and the two permits are taken
 * each on their own, committed before the check's short transaction begins.
 */
@ApplicationScoped
@Transactional(TxType.NEVER)
public class PartnerCheckService {

    static final String RESIDENCY = "residency-check";
    static final String RELATIONSHIP = "relationship-check";
    static final String VITAL_STATUS = "vital-status-check";

    @Inject
    RegistryService registry;
    @Inject
    AccessLog accessLog;
    @Inject
    PartnerClients clients;
    @Inject
    RateLimiter limiter;
    @Inject
    BusinessClock clock;
    @Inject
    PartnersConfig config;

    public Checks.ResidencyAnswer residency(PartnerCaller caller, Checks.PersonCheck check) {
        Admitted admitted = admit(caller, PartnerScopes.PERSON_READ, check.purpose(), check.idNumber());
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<PersonView> person = registry.findPerson(check.idNumber());
            person.ifPresent(found -> record(admitted, found, RESIDENCY));
            Optional<PersonView> resident = person.filter(PersonView::active);
            String division = resident.flatMap(found -> registry.household(found.householdId()))
                    .map(household -> household.station().divisionCode()).orElse(null);
            return new Checks.ResidencyAnswer(resident.isPresent(), division);
        });
    }

    public Checks.RelationshipAnswer relationship(PartnerCaller caller, Checks.RelationshipCheck check) {
        Admitted admitted = admit(caller, PartnerScopes.HOUSEHOLD_READ, check.purpose(), check.idNumber(),
                check.otherIdNumber());
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<PersonView> first = registry.findPerson(check.idNumber());
            Optional<PersonView> second = registry.findPerson(check.otherIdNumber());
            first.ifPresent(found -> record(admitted, found, RELATIONSHIP));
            second.filter(found -> first.isEmpty() || !found.id().equals(first.get().id()))
                    .ifPresent(found -> record(admitted, found, RELATIONSHIP));
            if (first.isEmpty() || second.isEmpty() || !first.get().active() || !second.get().active()
                    || !first.get().householdId().equals(second.get().householdId())) {
                return new Checks.RelationshipAnswer(false, Kinship.OTHER);
            }
            PersonView a = first.get();
            PersonView b = second.get();
            Kinship kinship = a.id().equals(b.id()) ? Kinship.SELF
                    : Kinships.derive(a.relationship(), a.sex(), b.relationship(), b.sex());
            return new Checks.RelationshipAnswer(true, kinship);
        });
    }

    /** Whether the register records the person as deceased; an unknown ID number answers {@code false} too. */
    public Checks.VitalStatusAnswer vitalStatus(PartnerCaller caller, Checks.PersonCheck check) {
        Admitted admitted = admit(caller, PartnerScopes.VITAL_READ, check.purpose(), check.idNumber());
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<PersonView> person = registry.findPerson(check.idNumber());
            person.ifPresent(found -> record(admitted, found, VITAL_STATUS));
            return new Checks.VitalStatusAnswer(person.filter(found -> found.status() == PersonStatus.DECEASED)
                    .isPresent());
        });
    }

    public List<Checks.PurposeView> purposes() {
        return java.util.Arrays.stream(Purpose.values()).map(Checks.PurposeView::of).toList();
    }

    private record Admitted(PartnerClientView client, Purpose purpose) {
    }

    private Admitted admit(PartnerCaller caller, String scope, String purposeCode, String... idNumbers) {
        if (!caller.scopes().contains(scope)) {
            throw ProblemException.forbidden("This check needs the scope " + scope);
        }
        Purpose purpose = Purpose.of(purposeCode).orElseThrow(() -> ProblemException.unprocessable(
                "purpose-required", "Name the purpose of the check: one of the codes of GET /api/v1/partner/purposes"));
        for (String idNumber : idNumbers) {
            if (!IdNumbers.isValid(idNumber, clock.today())) {
                throw ProblemException.unprocessable("id-number-invalid", "Not a valid ID number (GB 11643)");
            }
        }
        PartnerClientView client = clients.enabled(caller.clientId())
                .orElseThrow(() -> new ProblemException(401, "unauthorized", "The client is disabled"));
        if (!client.purposes().contains(purpose.name())) {
            throw new ProblemException(403, "purpose-not-granted", "This client was not granted the purpose "
                    + purpose.name() + "; an administrator grants purposes per client");
        }
        String subject = client.clientId().toString();
        RateDecision rate = limiter.acquire(new RateLimit("partner-checks", config.checksPerMinute(),
                Duration.ofMinutes(1)), subject);
        if (!rate.allowed()) {
            throw ProblemException.tooManyRequests("rate-limited", "Too many checks this minute",
                    rate.retryAfterSeconds());
        }
        RateDecision quota = limiter.acquire(RateLimit.perDay("partner-daily-quota", client.dailyQuota(),
                BusinessClock.ZONE.getRules().getOffset(clock.now())), subject);
        if (!quota.allowed()) {
            throw ProblemException.tooManyRequests("quota-exceeded", "The client's daily quota of "
                    + client.dailyQuota() + " checks is used up", quota.retryAfterSeconds());
        }
        return new Admitted(client, purpose);
    }

    private void record(Admitted admitted, PersonView person, String what) {
        accessLog.record(AccessEntry.byPartner(person.id(), admitted.client().clientId().toString(),
                admitted.client().department(), what, admitted.purpose().label())
                .legalBasis(admitted.purpose().legalBasis()));
    }
}
