package org.errandless.registry;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;

/**
 * The population register as other features use it: look-ups that answer views (never entities), and the register
 * changes that approved applications make, each written to the change history with the application's id.
 *
 * <p>ID numbers go in as plaintext and are looked up through their blind index; they come out masked, except through
 * {@link #fullIdNumber(UUID)}, which is meant for the person's own detail view only. Callers that show another
 * person's data to staff or partners record that read themselves (audit). Nothing here logs an ID number.
 *
 * <p>Reads, too, run in a transaction (joining the caller's, if any) rather than {@code SUPPORTS}: outside one, Quarkus
 * would answer them from a request-scoped session whose first-level cache does not see changes committed later in the
 * same request, so a read after a change could show the state before it.
 *
 * <p>State-based refusals are 409 {@code invalid-transition}, unknown ids 404 {@code not-found}, bad values 422
 * {@code form-invalid}; a concurrent change of the same person or household fails the transaction with an optimistic
 * locking exception, which the caller may retry.
 */
@ApplicationScoped
@Transactional
public class RegistryService {

    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_ADDRESS_LENGTH = 256;

    @Inject
    Persons persons;
    @Inject
    Households households;
    @Inject
    Stations stations;
    @Inject
    Divisions divisions;
    @Inject
    RegisterChanges changes;
    @Inject
    PersonalDataProtector protector;
    @Inject
    BusinessClock clock;

    // ---- persons ----------------------------------------------------------------------------------------------

    /**
     * The ACTIVE person with this ID number (any case of the check character, surrounding blanks ignored); empty for
     * an unknown number, a person no longer active, or input that is no ID number at all.
     */
    public Optional<PersonView> findActivePerson(String idNumber) {
        return activePersonEntity(idNumber).map(this::view);
    }

    /**
     * The ACTIVE person with this ID number, only if the name matches too (Unicode-normalised, whitespace ignored).
     * Deliberately one answer for "unknown" and "wrong name", so a caller cannot probe which numbers exist.
     */
    public Optional<PersonView> findActivePersonByIdentity(String name, String idNumber) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = normaliseName(name);
        return activePersonEntity(idNumber).filter(person -> normaliseName(person.name()).equals(wanted))
                .map(this::view);
    }

    /**
     * The person with this ID number whatever the status (ACTIVE, MOVED_OUT, DECEASED); empty for an unknown number or
     * input that is no ID number at all. For checks that ask about the status itself (a partner's vital-status check).
     */
    public Optional<PersonView> findPerson(String idNumber) {
        if (idNumber == null || !IdNumbers.isValid(idNumber, clock.today())) {
            return Optional.empty();
        }
        return persons.byIdNumberHash(protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber)).map(this::view);
    }

    /** Any person by id, whatever the status. */
    public Optional<PersonView> person(UUID personId) {
        return persons.findByIdOptional(personId).map(this::view);
    }

    /**
     * The unmasked ID number, for the person's own detail view (API.md: masked everywhere else). Never log it.
     */
    public Optional<String> fullIdNumber(UUID personId) {
        return persons.findByIdOptional(personId).map(this::idNumberOf);
    }

    /**
     * The mobile number the register records for a person (from a register import); empty when it
     * records none. For messages the register's keeper owes the person; never log it.
     */
    public Optional<String> registeredMobile(UUID personId) {
        List<?> rows = persons.getEntityManager()
                .createNativeQuery("select mobile_cipher from person where id = ?1 and mobile_cipher is not null")
                .setParameter(1, personId).getResultList();
        return rows.isEmpty() ? Optional.empty()
                : Optional.of(protector.decrypt(PersonalDataKind.PHONE, (String) rows.get(0)));
    }

    // ---- households -------------------------------------------------------------------------------------------

    public Optional<HouseholdView> household(UUID householdId) {
        return households.findByIdOptional(householdId).map(this::view);
    }

    /** The household with this household number (户号, exact), e.g. the target of a move; empty when there is none. */
    public Optional<HouseholdView> householdByNumber(String householdNumber) {
        if (householdNumber == null || householdNumber.isBlank()) {
            return Optional.empty();
        }
        return households.byNumber(householdNumber.strip()).map(this::view);
    }

    /** The household a person is registered in, with its active members. */
    public Optional<HouseholdView> householdOf(UUID personId) {
        return persons.findByIdOptional(personId).flatMap(person -> household(person.householdId()));
    }

    // ---- stations and divisions -------------------------------------------------------------------------------

    public Optional<StationView> station(String code) {
        return code == null ? Optional.empty() : stations.findByIdOptional(code).map(Station::view);
    }

    /** The stations of a division, by code. */
    public List<StationView> stationsInDivision(String divisionCode) {
        return stations.inDivision(divisionCode).stream().map(Station::view).toList();
    }

    public List<StationView> stations() {
        return stations.all().stream().map(Station::view).toList();
    }

    public Optional<DivisionView> division(String code) {
        return code == null ? Optional.empty() : divisions.findByIdOptional(code).map(Division::view);
    }

    public List<DivisionView> divisions() {
        return divisions.all().stream().map(Division::view).toList();
    }

    // ---- history ----------------------------------------------------------------------------------------------

    public List<RegisterChangeView> changesOfPerson(UUID personId) {
        return changes.ofPerson(personId).stream().map(RegisterChange::view).toList();
    }

    public List<RegisterChangeView> changesOfHousehold(UUID householdId) {
        return changes.ofHousehold(householdId).stream().map(RegisterChange::view).toList();
    }

    public List<RegisterChangeView> changesOfApplication(UUID applicationId) {
        return changes.ofApplication(applicationId).stream().map(RegisterChange::view).toList();
    }

    /** The changes a register import made, in the order it made them. */
    public List<RegisterChangeView> changesOfImport(UUID importId) {
        return changes.ofImport(importId).stream().map(RegisterChange::view).toList();
    }

    // ---- register changes -------------------------------------------------------------------------------------

    /**
     * Registers a newborn (出生登记) in a household with a newly generated, unused ID number: the division of the
     * household's station, the birth date, and the lowest free sequence of the right parity.
     *
     * @param relationship the newborn's relationship to the head (not HEAD; SON/GRANDSON male, DAUGHTER/GRANDDAUGHTER
     *        female)
     * @param applicationId the birth-registration application, recorded in the history; may be {@code null}
     */
    public PersonView addNewborn(UUID householdId, String name, Sex sex, LocalDate birthDate, String ethnicity,
            Relationship relationship, UUID applicationId) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        String cleanName = requireText(name, "name", MAX_NAME_LENGTH, invalid);
        String cleanEthnicity = requireText(ethnicity, "ethnicity", 32, invalid);
        if (sex == null) {
            invalid.add(new Problem.InvalidParam("sex", "is required", "required"));
        }
        if (birthDate == null) {
            invalid.add(new Problem.InvalidParam("birthDate", "is required", "required"));
        } else if (birthDate.isAfter(clock.today()) || birthDate.getYear() < IdNumbers.EARLIEST_BIRTH_YEAR) {
            invalid.add(new Problem.InvalidParam("birthDate", "must not be in the future", "out-of-range"));
        }
        if (relationship == null) {
            invalid.add(new Problem.InvalidParam("relationship", "is required", "required"));
        } else if (relationship == Relationship.HEAD || !relationshipFitsSex(relationship, sex)) {
            invalid.add(new Problem.InvalidParam("relationship", "does not fit a newborn of this sex", "invalid"));
        }
        if (!invalid.isEmpty()) {
            throw ProblemException.unprocessable("form-invalid", "The newborn's details are incomplete or wrong",
                    invalid);
        }
        Household household = households.findByIdOptional(householdId)
                .orElseThrow(() -> ProblemException.notFound("Household"));
        Station station = stations.findById(household.stationCode());
        String idNumber = unusedIdNumber(station.divisionCode(), birthDate, sex);
        Person newborn = new Person(UUID.randomUUID(), household.id(), protector.encrypt(PersonalDataKind.ID_NUMBER,
                idNumber), protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber), cleanName, sex, birthDate,
                cleanEthnicity, relationship);
        persons.persist(newborn);
        record(newborn.id(), household.id(), RegisterChangeKind.BORN, null,
                newborn.summary(household.householdNumber()), applicationId);
        return view(newborn, idNumber);
    }

    /** {@link #movePerson(UUID, UUID, Relationship, UUID)} where the relationship to the new head is not known. */
    public PersonView movePerson(UUID personId, UUID targetHouseholdId, UUID applicationId) {
        return movePerson(personId, targetHouseholdId, Relationship.OTHER, applicationId);
    }

    /**
     * Moves an ACTIVE person to another household within the register (迁入/投靠). The head of a household that keeps
     * other active members cannot leave it (a new head is designated first); a household left empty has no head. In a
     * household without a head the newcomer becomes its head.
     *
     * @param relationship to the head of the target household (not HEAD while it has one)
     */
    public PersonView movePerson(UUID personId, UUID targetHouseholdId, Relationship relationship,
            UUID applicationId) {
        Person person = persons.findByIdOptional(personId).orElseThrow(() -> ProblemException.notFound("Person"));
        Household target = households.findByIdOptional(targetHouseholdId)
                .orElseThrow(() -> ProblemException.notFound("Household"));
        Household source = households.findById(person.householdId());
        if (!person.isActive()) {
            throw ProblemException.conflict("invalid-transition", "Only an active person can move");
        }
        if (source.id().equals(target.id())) {
            throw ProblemException.conflict("invalid-transition", "The person already belongs to that household");
        }
        if (source.isHead(person.id())) {
            boolean othersRemain = persons.activeMembers(source.id()).stream()
                    .anyMatch(member -> !member.id().equals(person.id()));
            if (othersRemain) {
                throw ProblemException.conflict("invalid-transition",
                        "The head of a household with other members cannot move out before a new head is designated");
            }
            source.clearHead();
        }
        Relationship newRelationship = relationship == null ? Relationship.OTHER : relationship;
        if (target.headPersonId() == null) {
            newRelationship = Relationship.HEAD;
        } else if (newRelationship == Relationship.HEAD) {
            throw ProblemException.conflict("invalid-transition", "The target household already has a head");
        }
        String before = person.summary(source.householdNumber());
        person.moveTo(target.id(), newRelationship);
        if (newRelationship == Relationship.HEAD) {
            target.designateHead(person.id());
        }
        String after = person.summary(target.householdNumber());
        record(person.id(), source.id(), RegisterChangeKind.MOVED_OUT, before, after, applicationId);
        record(person.id(), target.id(), RegisterChangeKind.MOVED_IN, before, after, applicationId);
        return view(person);
    }

    /** Changes a household's address (住址变更); the same address again changes nothing and records nothing. */
    public HouseholdView changeAddress(UUID householdId, String newAddress, UUID applicationId) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        String cleanAddress = requireText(newAddress, "address", MAX_ADDRESS_LENGTH, invalid);
        if (!invalid.isEmpty()) {
            throw ProblemException.unprocessable("form-invalid", "The new address is missing or too long", invalid);
        }
        Household household = households.findByIdOptional(householdId)
                .orElseThrow(() -> ProblemException.notFound("Household"));
        String before = household.summary();
        if (household.changeAddress(cleanAddress)) {
            record(null, household.id(), RegisterChangeKind.ADDRESS_CHANGED, before, household.summary(),
                    applicationId);
        }
        return view(household);
    }

    /**
     * Deregisters a person after death (死亡注销). When the head dies and others remain, the active spouse (else the
     * oldest active member) becomes head, recorded as {@link RegisterChangeKind#HEAD_CHANGED}; a household left
     * empty has no head.
     */
    public PersonView markDeceased(UUID personId, UUID applicationId) {
        Person person = persons.findByIdOptional(personId).orElseThrow(() -> ProblemException.notFound("Person"));
        Household household = households.findById(person.householdId());
        String before = person.summary(household.householdNumber());
        person.markDeceased();
        record(person.id(), household.id(), RegisterChangeKind.DECEASED, before,
                person.summary(household.householdNumber()), applicationId);
        if (household.isHead(person.id())) {
            String householdBefore = household.summary();
            Optional<Person> successor = persons.activeMembers(household.id()).stream()
                    .filter(member -> !member.id().equals(person.id()))
                    .min(Comparator.comparing((Person member) -> member.relationship() == Relationship.SPOUSE ? 0 : 1)
                            .thenComparing(Person::birthDate));
            if (successor.isPresent()) {
                successor.get().becomeHead();
                household.designateHead(successor.get().id());
            } else {
                household.clearHead();
            }
            record(successor.map(Person::id).orElse(null), household.id(), RegisterChangeKind.HEAD_CHANGED,
                    householdBefore, household.summary(), applicationId);
        }
        return view(person);
    }

    // ---- internals --------------------------------------------------------------------------------------------

    private Optional<Person> activePersonEntity(String idNumber) {
        if (idNumber == null || !IdNumbers.isValid(idNumber, clock.today())) {
            return Optional.empty();
        }
        return persons.byIdNumberHash(protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber))
                .filter(Person::isActive);
    }

    /**
     * The lowest free sequence for this division, birth date and sex. A transaction-scoped advisory lock on the
     * 14-digit prefix serialises concurrent registrations of the same prefix, so two newborns never get one number.
     */
    private String unusedIdNumber(String divisionCode, LocalDate birthDate, Sex sex) {
        String prefix = IdNumbers.generate(divisionCode, birthDate, sex, sex == Sex.M ? 1 : 2).substring(0, 14);
        persons.getEntityManager().createNativeQuery("select cast(pg_advisory_xact_lock(hashtext(?1)) as text)")
                .setParameter(1, "errandless:newborn:" + prefix).getSingleResult();
        int first = sex == Sex.M ? 1 : 2;
        for (int start = first; start <= 999; start += 100) {
            Map<String, String> candidates = new LinkedHashMap<>();
            for (int sequence = start; sequence < start + 100 && sequence <= 999; sequence += 2) {
                String candidate = IdNumbers.generate(divisionCode, birthDate, sex, sequence);
                candidates.put(protector.blindIndex(PersonalDataKind.ID_NUMBER, candidate), candidate);
            }
            Set<String> taken = new HashSet<>(persons.existingHashes(candidates.keySet()));
            for (Map.Entry<String, String> candidate : candidates.entrySet()) {
                if (!taken.contains(candidate.getKey())) {
                    return candidate.getValue();
                }
            }
        }
        throw new IllegalStateException("Every sequence of this division, birth date and sex is taken");
    }

    private void record(UUID personId, UUID householdId, RegisterChangeKind kind, String before, String after,
            UUID applicationId) {
        changes.persist(new RegisterChange(personId, householdId, kind, before, after, applicationId, clock.now()));
    }

    private String idNumberOf(Person person) {
        return protector.decrypt(PersonalDataKind.ID_NUMBER, person.idNumberCipher());
    }

    private PersonView view(Person person) {
        return view(person, idNumberOf(person));
    }

    private PersonView view(Person person, String idNumber) {
        return person.view(IdNumbers.mask(idNumber));
    }

    private HouseholdView view(Household household) {
        StationView station = stations.findByIdOptional(household.stationCode()).map(Station::view).orElse(null);
        List<PersonView> members = persons.activeMembers(household.id()).stream().map(this::view).toList();
        return new HouseholdView(household.id(), household.householdNumber(), household.type(), household.address(),
                station, household.headPersonId(), members);
    }

    private static boolean relationshipFitsSex(Relationship relationship, Sex sex) {
        return switch (relationship) {
            case SON, GRANDSON, FATHER, GRANDFATHER, SON_IN_LAW, BROTHER -> sex == Sex.M;
            case DAUGHTER, GRANDDAUGHTER, MOTHER, GRANDMOTHER, DAUGHTER_IN_LAW, SISTER -> sex == Sex.F;
            default -> true;
        };
    }

    private static String requireText(String value, String field, int maxLength, List<Problem.InvalidParam> invalid) {
        if (value == null || value.isBlank()) {
            invalid.add(new Problem.InvalidParam(field, "is required", "required"));
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > maxLength) {
            invalid.add(new Problem.InvalidParam(field, "is longer than " + maxLength + " characters", "too-long"));
            return null;
        }
        return stripped;
    }

    static String normaliseName(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }
}
