package org.errandless.applications.forms;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.errandless.catalog.ServiceItemView;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.registry.HouseholdView;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.PersonStatus;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegistryService;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;

/**
 * The {@link ServiceRules} of the six services of the catalogue: forms are checked against the service's published
 * {@code formSchema} (so the contract and the check cannot drift) plus the date rules a schema cannot say; eligibility
 * and effects go through {@link RegistryService}. A service an admin adds later, with no rules here, has the
 * applicant's household as target and no effect on the register.
 *
 * <p>Date rules (today in Asia/Shanghai, from {@link BusinessClock}): a birth is registered online only within one
 * year, {@code today - 1 year <= childBirthDate <= today} (an older child is a late registration, 补录, decided at the
 * station with evidence no online form carries); a date of death is not in the future.
 *
 * <p>At approval the facts behind eligibility are checked again, because the register may have changed since
 * submission (another application deregistered the deceased, the applicant moved): a subject no longer in the state
 * the effect needs is 409 {@code invalid-transition}, an applicant who no longer qualifies 422
 * {@code applicant-not-eligible}. The date rules are not checked again: they held when the citizen submitted.
 */
@ApplicationScoped
public class CatalogServiceRules implements ServiceRules {

    public static final String BIRTH_REGISTRATION = "BIRTH_REGISTRATION";
    public static final String MOVE_IN = "MOVE_IN";
    public static final String HOUSEHOLD_CERTIFICATE = "HOUSEHOLD_CERTIFICATE";
    public static final String ID_CARD_RENEWAL = "ID_CARD_RENEWAL";
    public static final String ADDRESS_CHANGE = "ADDRESS_CHANGE";
    public static final String DEATH_DEREGISTRATION = "DEATH_DEREGISTRATION";

    static final String NOT_ELIGIBLE = "applicant-not-eligible";
    static final String FORM_INVALID = "form-invalid";
    static final String INVALID_TRANSITION = "invalid-transition";
    /** The ethnicity of a newborn whose form leaves it out, as the schema's {@code default} says. */
    static final String DEFAULT_ETHNICITY = "汉族";
    static final int ADULT_AGE = 18;

    private final RegistryService registry;
    private final BusinessClock clock;
    private final IdCardOrders cardOrders;
    private final FormSchemaValidator validator;

    @Inject
    public CatalogServiceRules(RegistryService registry, BusinessClock clock, IdCardOrders cardOrders,
            ObjectMapper json) {
        this.registry = registry;
        this.clock = clock;
        this.cardOrders = cardOrders;
        this.validator = new FormSchemaValidator(json);
    }

    // ---- form ---------------------------------------------------------------------------------------------------

    @Override
    public List<Problem.InvalidParam> validate(ServiceItemView service, JsonNode form) {
        Map<String, Object> schema = service.formSchema() != null ? service.formSchema() : NO_FIELDS;
        List<Problem.InvalidParam> problems = new ArrayList<>(validator.validate(schema, form));
        LocalDate today = clock.today();
        switch (service.code()) {
            case BIRTH_REGISTRATION -> date(form, "childBirthDate", problems).ifPresent(birth -> {
                if (birth.isAfter(today)) {
                    problems.add(outOfRange("childBirthDate", "must not be in the future"));
                } else if (birth.isBefore(today.minusYears(1))) {
                    problems.add(outOfRange("childBirthDate", "must not be earlier than " + today.minusYears(1)
                            + " (one year ago); an older child is registered at the police station"));
                }
            });
            case DEATH_DEREGISTRATION -> date(form, "dateOfDeath", problems).ifPresent(death -> {
                if (death.isAfter(today)) {
                    problems.add(outOfRange("dateOfDeath", "must not be in the future"));
                }
            });
            default -> {
            }
        }
        List<String> order = fieldOrder(schema);
        problems.sort(Comparator.comparingInt(problem -> {
            int index = order.indexOf(problem.name());
            return index < 0 ? order.size() : index;
        }));
        return List.copyOf(problems);
    }

    /** A schema with no fields, for a service that publishes none: only an empty (or absent) form fits. */
    private static final Map<String, Object> NO_FIELDS = Map.of("type", "object", "additionalProperties", false);

    /** The date in a field the schema already found well-formed; empty when absent or already reported. */
    private static Optional<LocalDate> date(JsonNode form, String field, List<Problem.InvalidParam> problems) {
        if (form == null || !form.path(field).isTextual()
                || problems.stream().anyMatch(problem -> problem.name().equals(field))) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(form.path(field).asText()));
        } catch (DateTimeException e) {
            problems.add(new Problem.InvalidParam(field, "must be a date written YYYY-MM-DD", "invalid"));
            return Optional.empty();
        }
    }

    private static Problem.InvalidParam outOfRange(String field, String reason) {
        return new Problem.InvalidParam(field, reason, "out-of-range");
    }

    private static List<String> fieldOrder(Map<String, Object> schema) {
        List<String> order = new ArrayList<>();
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.keySet().forEach(name -> order.add(String.valueOf(name)));
        }
        return order;
    }

    // ---- eligibility and target ---------------------------------------------------------------------------------

    @Override
    public Target target(ServiceItemView service, UUID applicantPersonId, JsonNode form) {
        PersonView applicant = activeApplicant(applicantPersonId);
        HouseholdView own = registry.household(applicant.householdId())
                .orElseThrow(() -> notEligible("The applicant belongs to no household of the register"));
        HouseholdView changed = switch (service.code()) {
            case BIRTH_REGISTRATION -> {
                newbornRelationship(applicant, sex(form));
                yield own;
            }
            case MOVE_IN -> receivingHousehold(applicant, own, form);
            case DEATH_DEREGISTRATION -> {
                deceasedMember(applicant, form);
                yield own;
            }
            default -> own;
        };
        return new Target(changed.id(), changed.station() == null ? null : changed.station().code());
    }

    private PersonView activeApplicant(UUID applicantPersonId) {
        PersonView applicant = applicantPersonId == null ? null : registry.person(applicantPersonId).orElse(null);
        if (applicant == null || !applicant.active()) {
            throw notEligible("Only an active resident of the register can apply");
        }
        return applicant;
    }

    /**
     * The newborn's relationship to the head, derived from the parent who applies: the head's or spouse's child is
     * SON/DAUGHTER, a son's or daughter's child GRANDSON/GRANDDAUGHTER; from any other member it cannot be derived.
     */
    private Relationship newbornRelationship(PersonView applicant, Sex childSex) {
        if (Period.between(applicant.birthDate(), clock.today()).getYears() < ADULT_AGE) {
            throw notEligible("A birth is registered by a parent who is an adult member of the household");
        }
        boolean male = childSex == Sex.M;
        return switch (applicant.relationship()) {
            case HEAD, SPOUSE -> male ? Relationship.SON : Relationship.DAUGHTER;
            case SON, DAUGHTER -> male ? Relationship.GRANDSON : Relationship.GRANDDAUGHTER;
            default -> throw notEligible("A birth is registered by a parent in the household: the head, the head's "
                    + "spouse, or a son or daughter of the head");
        };
    }

    private HouseholdView receivingHousehold(PersonView applicant, HouseholdView own, JsonNode form) {
        String number = text(form, "targetHouseholdNumber");
        HouseholdView target = registry.householdByNumber(number)
                .orElseThrow(() -> notEligible("There is no household with number " + number + " in the register"));
        if (target.id().equals(own.id())) {
            throw notEligible("The applicant is already registered in household " + number);
        }
        if (applicant.id().equals(own.headPersonId())
                && own.members().stream().anyMatch(member -> !member.id().equals(applicant.id()))) {
            throw notEligible("The head of a household with other members cannot move out before a new head is "
                    + "designated");
        }
        return target;
    }

    private PersonView deceasedMember(PersonView applicant, JsonNode form) {
        UUID deceasedId = uuid(form, "deceasedPersonId");
        if (deceasedId.equals(applicant.id())) {
            throw notEligible("The applicant cannot report their own death");
        }
        // one answer for unknown, elsewhere and inactive, so the form cannot probe the register
        return registry.person(deceasedId)
                .filter(person -> person.active() && person.householdId().equals(applicant.householdId()))
                .orElseThrow(() -> notEligible("The deceased must be an active member of the applicant's household"));
    }

    // ---- who the form is about -----------------------------------------------------------------------------------

    @Override
    @Transactional
    public Set<UUID> namedPersons(ServiceItemView service, UUID applicantPersonId, JsonNode form) {
        Set<UUID> named = new LinkedHashSet<>();
        collectNamed(form, null, named);
        named.remove(applicantPersonId);
        return named;
    }

    private void collectNamed(JsonNode node, String field, Set<UUID> named) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                collectNamed(member.getValue(), member.getKey(), named);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectNamed(element, field, named));
        } else if (node.isTextual()) {
            String value = node.asText().strip();
            if (field != null && field.endsWith("PersonId")) {
                try {
                    registry.person(UUID.fromString(value)).map(PersonView::id).ifPresent(named::add);
                } catch (IllegalArgumentException e) {
                    // not a register id: the form's own check says so
                }
            } else if (value.length() == IdNumbers.LENGTH && IdNumbers.isValid(IdNumbers.normalise(value),
                    clock.today())) {
                registry.findPerson(IdNumbers.normalise(value)).map(PersonView::id).ifPresent(named::add);
            }
        }
    }

    // ---- effects ------------------------------------------------------------------------------------------------

    @Override
    @Transactional
    public Set<UUID> applyApproval(ServiceItemView service, UUID applicantPersonId, JsonNode form,
            UUID applicationId) {
        switch (service.code()) {
            case BIRTH_REGISTRATION -> {
                PersonView applicant = activeApplicant(applicantPersonId);
                Sex sex = sex(form);
                Relationship relationship = newbornRelationship(applicant, sex);
                String ethnicity = form.path("childEthnicity").isTextual() ? form.get("childEthnicity").asText()
                        : DEFAULT_ETHNICITY;
                return Set.of(registry.addNewborn(applicant.householdId(), text(form, "childName"), sex,
                        LocalDate.parse(text(form, "childBirthDate")), ethnicity, relationship, applicationId).id());
            }
            case MOVE_IN -> {
                Target target = target(service, applicantPersonId, form);
                registry.movePerson(applicantPersonId, target.householdId(),
                        Relationship.valueOf(text(form, "relationshipToHead")), applicationId);
            }
            case ADDRESS_CHANGE -> {
                PersonView applicant = activeApplicant(applicantPersonId);
                registry.changeAddress(applicant.householdId(), text(form, "newAddress"), applicationId);
            }
            case DEATH_DEREGISTRATION -> {
                UUID deceasedId = uuid(form, "deceasedPersonId");
                if (registry.person(deceasedId).map(PersonView::status).orElse(null) == PersonStatus.DECEASED) {
                    throw ProblemException.conflict(INVALID_TRANSITION,
                            "The person is already deregistered as deceased");
                }
                PersonView deceased = deceasedMember(activeApplicant(applicantPersonId), form);
                registry.markDeceased(deceased.id(), applicationId);
            }
            case ID_CARD_RENEWAL -> {
                activeApplicant(applicantPersonId);
                if (cardOrders.ofApplication(applicationId).isPresent()) {
                    throw ProblemException.conflict(INVALID_TRANSITION, "The ID card of this application is already "
                            + "ordered");
                }
                cardOrders.persist(new IdCardOrder(applicationId, applicantPersonId, text(form, "reason"),
                        clock.now()));
            }
            default -> activeApplicant(applicantPersonId);
        }
        return Set.of();
    }

    @Override
    @Transactional
    public void applyCompletion(ServiceItemView service, UUID applicationId) {
        if (ID_CARD_RENEWAL.equals(service.code())) {
            cardOrders.ofApplication(applicationId)
                    .orElseThrow(() -> ProblemException.conflict(INVALID_TRANSITION,
                            "No ID card was ordered for this application"))
                    .handOver(clock.now());
        }
    }

    /** The card order of an ID card renewal, once approval made it. */
    @Transactional
    public Optional<IdCardOrderView> cardOrder(UUID applicationId) {
        return cardOrders.ofApplication(applicationId).map(IdCardOrder::view);
    }

    // ---- reading the form ---------------------------------------------------------------------------------------

    /** A required text field; its absence here means the form skipped validation, which is the caller's mistake. */
    private static String text(JsonNode form, String field) {
        JsonNode value = form == null ? null : form.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ProblemException.unprocessable(FORM_INVALID, "The form is incomplete",
                    List.of(new Problem.InvalidParam(field, "is required", "required")));
        }
        return value.asText();
    }

    private static Sex sex(JsonNode form) {
        String value = text(form, "childSex");
        try {
            return Sex.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw invalidField("childSex", "must be one of M, F");
        }
    }

    private static UUID uuid(JsonNode form, String field) {
        try {
            return UUID.fromString(text(form, field));
        } catch (IllegalArgumentException e) {
            throw invalidField(field, "must be a register id (a UUID)");
        }
    }

    private static ProblemException invalidField(String field, String reason) {
        return ProblemException.unprocessable(FORM_INVALID, "The form is invalid",
                List.of(new Problem.InvalidParam(field, reason, "invalid")));
    }

    private static ProblemException notEligible(String detail) {
        return ProblemException.unprocessable(NOT_ELIGIBLE, detail);
    }
}
