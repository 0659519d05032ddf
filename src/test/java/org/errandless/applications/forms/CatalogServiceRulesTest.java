package org.errandless.applications.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

import org.errandless.catalog.CatalogService;
import org.errandless.catalog.ServiceItemView;
import org.errandless.common.problem.ProblemException;
import org.errandless.registry.HouseholdView;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.PersonStatus;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegisterChangeKind;
import org.errandless.registry.RegisterChangeView;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.RegistryFixtures.Family;
import org.errandless.registry.RegistryService;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;

/**
 * Eligibility, target and effects of each service against the real register, on fresh fixture households only (the
 * demo people are never changed). Each effect records the application id in the register's history.
 */
@QuarkusTest
class CatalogServiceRulesTest {

    /** The fixtures' station (南岸区南坪派出所(demo)) and its division. */
    private static final String STATION = "50010801";
    private static final LocalDate TODAY = LocalDate.of(2026, 9, 30);

    @Inject
    CatalogServiceRules rules;
    @Inject
    CatalogService catalog;
    @Inject
    RegistryService registry;
    @Inject
    RegistryFixtures fixtures;
    @Inject
    ObjectMapper json;

    private ServiceItemView service(String code) {
        return catalog.service(code);
    }

    private JsonNode form(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode birth(String sex) {
        return json.createObjectNode().put("childName", "测试宝宝").put("childSex", sex)
                .put("childBirthDate", "2026-09-20");
    }

    private JsonNode moveTo(String householdNumber, String relationship) {
        return json.createObjectNode().put("targetHouseholdNumber", householdNumber)
                .put("relationshipToHead", relationship);
    }

    private JsonNode death(UUID deceased) {
        return json.createObjectNode().put("deceasedPersonId", deceased.toString()).put("dateOfDeath", "2026-09-25");
    }

    private static void assertProblem(int status, String code, Runnable action) {
        ProblemException problem = assertThrows(ProblemException.class, action::run);
        assertEquals(status, problem.status(), problem.getMessage());
        assertEquals(code, problem.code(), problem.getMessage());
        assertTrue(problem.getMessage() != null && !problem.getMessage().isBlank());
    }

    private static void assertNotEligible(Runnable action) {
        assertProblem(422, "applicant-not-eligible", action);
    }

    /** A fixture family with an adult SON of the head: a lone head of another household moved in as SON. */
    private Family withAdultSon(Family family) {
        Family other = fixtures.household(Relationship.HEAD);
        registry.movePerson(other.member(Relationship.HEAD).id(), family.householdId(), Relationship.SON, null);
        return family;
    }

    private PersonView adultMember(UUID householdId, Relationship relationship) {
        return registry.household(householdId).orElseThrow().members().stream()
                .filter(member -> member.relationship() == relationship && member.birthDate().getYear() < 2000)
                .findFirst().orElseThrow();
    }

    // ---- who may apply ------------------------------------------------------------------------------------------

    @Test
    void onlyAnActivePersonMayApply() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        UUID spouse = family.member(Relationship.SPOUSE).id();
        registry.markDeceased(spouse, null);
        for (String code : List.of("HOUSEHOLD_CERTIFICATE", "ADDRESS_CHANGE", "ID_CARD_RENEWAL")) {
            assertNotEligible(() -> rules.target(service(code), spouse, form("{}")));
            assertNotEligible(() -> rules.target(service(code), UUID.randomUUID(), form("{}")));
        }
    }

    @Test
    void theHeadOrSpouseRegistersAChildOfTheHead() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        ServiceRules.Target own = new ServiceRules.Target(family.householdId(), STATION);
        assertEquals(own, rules.target(service("BIRTH_REGISTRATION"), family.member(Relationship.HEAD).id(),
                birth("F")));
        assertEquals(own, rules.target(service("BIRTH_REGISTRATION"), family.member(Relationship.SPOUSE).id(),
                birth("M")));
    }

    @Test
    void anAdultSonRegistersAGrandchildOfTheHead() {
        Family family = withAdultSon(fixtures.household(Relationship.HEAD));
        PersonView son = adultMember(family.householdId(), Relationship.SON);
        assertEquals(new ServiceRules.Target(family.householdId(), STATION),
                rules.target(service("BIRTH_REGISTRATION"), son.id(), birth("M")));
    }

    @Test
    void aMinorOrAnotherRelativeCannotRegisterABirth() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.SON, Relationship.FATHER,
                Relationship.DAUGHTER_IN_LAW);
        // fixture sons are children (born 2010..2019)
        assertNotEligible(() -> rules.target(service("BIRTH_REGISTRATION"), family.member(Relationship.SON).id(),
                birth("F")));
        assertNotEligible(() -> rules.target(service("BIRTH_REGISTRATION"), family.member(Relationship.FATHER).id(),
                birth("F")));
        assertNotEligible(() -> rules.target(service("BIRTH_REGISTRATION"),
                family.member(Relationship.DAUGHTER_IN_LAW).id(), birth("F")));
    }

    @Test
    void aMoveGoesToAnotherExistingHouseholdWhoseStationDecides() {
        Family from = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        Family to = fixtures.household(Relationship.HEAD);
        UUID spouse = from.member(Relationship.SPOUSE).id();
        assertEquals(new ServiceRules.Target(to.householdId(), STATION),
                rules.target(service("MOVE_IN"), spouse, moveTo(to.householdNumber(), "DAUGHTER")));
        // a demo household is a valid target too (read-only here): its own station decides
        assertEquals(new ServiceRules.Target(FormSchemaPublicationTest.LIU_XIUYING_HOUSEHOLD, "50010601"),
                rules.target(service("MOVE_IN"), spouse, moveTo("5001060100001", "OTHER")));
    }

    @Test
    void aMoveNeedsAnExistingOtherHouseholdAndAHeadMayNotLeaveOthersBehind() {
        Family from = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        Family to = fixtures.household(Relationship.HEAD);
        UUID spouse = from.member(Relationship.SPOUSE).id();
        assertNotEligible(() -> rules.target(service("MOVE_IN"), spouse, moveTo("T0000000000000000", "OTHER")));
        assertNotEligible(() -> rules.target(service("MOVE_IN"), spouse, moveTo(from.householdNumber(), "OTHER")));
        assertNotEligible(() -> rules.target(service("MOVE_IN"), from.member(Relationship.HEAD).id(),
                moveTo(to.householdNumber(), "SON")));
        // a head alone may go
        assertEquals(from.householdId(), rules.target(service("MOVE_IN"), to.member(Relationship.HEAD).id(),
                moveTo(from.householdNumber(), "FATHER")).householdId());
    }

    @Test
    void aDeathIsReportedForAnotherActiveMemberOfTheApplicantsHousehold() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE, Relationship.FATHER);
        Family other = fixtures.household(Relationship.HEAD);
        UUID head = family.member(Relationship.HEAD).id();
        assertEquals(new ServiceRules.Target(family.householdId(), STATION), rules.target(
                service("DEATH_DEREGISTRATION"), head, death(family.member(Relationship.FATHER).id())));
        assertNotEligible(() -> rules.target(service("DEATH_DEREGISTRATION"), head, death(head)));
        assertNotEligible(() -> rules.target(service("DEATH_DEREGISTRATION"), head,
                death(other.member(Relationship.HEAD).id())));
        assertNotEligible(() -> rules.target(service("DEATH_DEREGISTRATION"), head, death(UUID.randomUUID())));
        registry.markDeceased(family.member(Relationship.SPOUSE).id(), null);
        assertNotEligible(() -> rules.target(service("DEATH_DEREGISTRATION"), head,
                death(family.member(Relationship.SPOUSE).id())));
    }

    @Test
    void otherServicesChangeTheApplicantsOwnHousehold() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.DAUGHTER);
        ServiceRules.Target own = new ServiceRules.Target(family.householdId(), STATION);
        UUID daughter = family.member(Relationship.DAUGHTER).id();
        assertEquals(own, rules.target(service("ADDRESS_CHANGE"), daughter, form("{\"newAddress\": \"新地址1号\"}")));
        assertEquals(own, rules.target(service("ID_CARD_RENEWAL"), daughter, form("{\"reason\": \"LOST\"}")));
        assertEquals(own, rules.target(service("HOUSEHOLD_CERTIFICATE"), daughter, form("{\"purpose\": \"办理入学\"}")));
    }

    // ---- effects ------------------------------------------------------------------------------------------------

    @Test
    void approvingABirthAddsTheNewbornWithAValidIdNumber() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        UUID application = UUID.randomUUID();
        rules.applyApproval(service("BIRTH_REGISTRATION"), family.member(Relationship.SPOUSE).id(), birth("F"),
                application);
        PersonView newborn = registry.household(family.householdId()).orElseThrow().members().stream()
                .filter(member -> member.name().equals("测试宝宝")).findFirst().orElseThrow();
        assertEquals(Relationship.DAUGHTER, newborn.relationship());
        assertEquals(Sex.F, newborn.sex());
        assertEquals(LocalDate.of(2026, 9, 20), newborn.birthDate());
        assertEquals("汉族", newborn.ethnicity());
        String idNumber = registry.fullIdNumber(newborn.id()).orElseThrow();
        assertTrue(IdNumbers.isValid(idNumber, TODAY));
        assertEquals("500108", IdNumbers.divisionOf(idNumber));
        assertEquals(LocalDate.of(2026, 9, 20), IdNumbers.birthDateOf(idNumber));
        assertEquals(Sex.F, IdNumbers.sexOf(idNumber));
        assertChanges(application, RegisterChangeKind.BORN);
    }

    @Test
    void aSonsChildIsAGrandchildWithTheGivenEthnicity() {
        Family family = withAdultSon(fixtures.household(Relationship.HEAD));
        PersonView son = adultMember(family.householdId(), Relationship.SON);
        UUID application = UUID.randomUUID();
        rules.applyApproval(service("BIRTH_REGISTRATION"), son.id(),
                json.createObjectNode().put("childName", "测试孙子").put("childSex", "M")
                        .put("childBirthDate", "2026-09-01").put("childEthnicity", "土家族"),
                application);
        PersonView grandson = registry.household(family.householdId()).orElseThrow().members().stream()
                .filter(member -> member.name().equals("测试孙子")).findFirst().orElseThrow();
        assertEquals(Relationship.GRANDSON, grandson.relationship());
        assertEquals("土家族", grandson.ethnicity());
        assertEquals(Sex.M, IdNumbers.sexOf(registry.fullIdNumber(grandson.id()).orElseThrow()));
        assertChanges(application, RegisterChangeKind.BORN);
    }

    @Test
    void approvingAMoveMovesTheApplicantWithTheRelationship() {
        Family from = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        Family to = fixtures.household(Relationship.HEAD);
        UUID spouse = from.member(Relationship.SPOUSE).id();
        UUID application = UUID.randomUUID();
        rules.applyApproval(service("MOVE_IN"), spouse, moveTo(to.householdNumber(), "DAUGHTER"), application);
        PersonView moved = registry.person(spouse).orElseThrow();
        assertEquals(to.householdId(), moved.householdId());
        assertEquals(Relationship.DAUGHTER, moved.relationship());
        assertChanges(application, RegisterChangeKind.MOVED_OUT, RegisterChangeKind.MOVED_IN);
        // approving the same move again: the register has changed since, the applicant no longer qualifies
        assertNotEligible(() -> rules.applyApproval(service("MOVE_IN"), spouse,
                moveTo(to.householdNumber(), "DAUGHTER"), UUID.randomUUID()));
    }

    @Test
    void approvingAnAddressChangeChangesTheHouseholdsAddress() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.SON);
        UUID application = UUID.randomUUID();
        rules.applyApproval(service("ADDRESS_CHANGE"), family.member(Relationship.HEAD).id(),
                form("{\"newAddress\": \"重庆市南岸区南坪西路2号(test)\"}"), application);
        HouseholdView household = registry.household(family.householdId()).orElseThrow();
        assertEquals("重庆市南岸区南坪西路2号(test)", household.address());
        assertChanges(application, RegisterChangeKind.ADDRESS_CHANGED);
    }

    @Test
    void approvingADeathDeregistersThePersonOnce() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE, Relationship.MOTHER);
        UUID head = family.member(Relationship.HEAD).id();
        UUID mother = family.member(Relationship.MOTHER).id();
        UUID application = UUID.randomUUID();
        rules.applyApproval(service("DEATH_DEREGISTRATION"), head, death(mother), application);
        assertEquals(PersonStatus.DECEASED, registry.person(mother).orElseThrow().status());
        assertChanges(application, RegisterChangeKind.DECEASED);
        // a second application for the same death, approved later: the register refuses rather than changes twice
        UUID second = UUID.randomUUID();
        assertProblem(409, "invalid-transition",
                () -> rules.applyApproval(service("DEATH_DEREGISTRATION"), head, death(mother), second));
        assertEquals(List.of(), registry.changesOfApplication(second));
    }

    @Test
    void aDeathIsNotApprovedOnceTheDeceasedLeftTheHousehold() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        Family other = fixtures.household(Relationship.HEAD);
        UUID spouse = family.member(Relationship.SPOUSE).id();
        registry.movePerson(spouse, other.householdId(), Relationship.SPOUSE, null);
        assertNotEligible(() -> rules.applyApproval(service("DEATH_DEREGISTRATION"),
                family.member(Relationship.HEAD).id(), death(spouse), UUID.randomUUID()));
        assertEquals(PersonStatus.ACTIVE, registry.person(spouse).orElseThrow().status());
    }

    @Test
    void aBirthIsNotApprovedOnceTheApplicantIsNoLongerActive() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        UUID spouse = family.member(Relationship.SPOUSE).id();
        registry.markDeceased(spouse, null);
        UUID application = UUID.randomUUID();
        assertNotEligible(() -> rules.applyApproval(service("BIRTH_REGISTRATION"), spouse, birth("M"), application));
        assertEquals(List.of(), registry.changesOfApplication(application));
    }

    @Test
    void anIdCardRenewalOrdersTheCardAndCompletionHandsItOver() {
        Family family = fixtures.household(Relationship.HEAD);
        UUID head = family.member(Relationship.HEAD).id();
        UUID application = UUID.randomUUID();
        ServiceItemView renewal = service("ID_CARD_RENEWAL");
        assertTrue(rules.cardOrder(application).isEmpty());
        rules.applyApproval(renewal, head, form("{\"reason\": \"EXPIRED\"}"), application);
        IdCardOrderView ordered = rules.cardOrder(application).orElseThrow();
        assertEquals(head, ordered.personId());
        assertEquals("EXPIRED", ordered.reason());
        assertEquals("ORDERED", ordered.status());
        assertNotNull(ordered.orderedAt());
        assertEquals(null, ordered.handedOverAt());
        assertProblem(409, "invalid-transition",
                () -> rules.applyApproval(renewal, head, form("{\"reason\": \"EXPIRED\"}"), application));

        rules.applyCompletion(renewal, application);
        IdCardOrderView handedOver = rules.cardOrder(application).orElseThrow();
        assertEquals("HANDED_OVER", handedOver.status());
        assertNotNull(handedOver.handedOverAt());
        assertProblem(409, "invalid-transition", () -> rules.applyCompletion(renewal, application));
        assertProblem(409, "invalid-transition", () -> rules.applyCompletion(renewal, UUID.randomUUID()));
    }

    @Test
    void aHouseholdCertificateChangesNothing() {
        Family family = fixtures.household(Relationship.HEAD);
        UUID application = UUID.randomUUID();
        HouseholdView before = registry.household(family.householdId()).orElseThrow();
        rules.applyApproval(service("HOUSEHOLD_CERTIFICATE"), family.member(Relationship.HEAD).id(),
                form("{\"purpose\": \"办理入学\"}"), application);
        rules.applyCompletion(service("HOUSEHOLD_CERTIFICATE"), application);
        assertEquals(before, registry.household(family.householdId()).orElseThrow());
        assertEquals(List.of(), registry.changesOfApplication(application));
        assertTrue(rules.cardOrder(application).isEmpty());
    }

    @Test
    void aFormThatSkippedValidationIsRefusedAsInvalidNotAsAServerError() {
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        UUID head = family.member(Relationship.HEAD).id();
        assertProblem(422, "form-invalid", () -> rules.target(service("MOVE_IN"), head, form("{}")));
        assertProblem(422, "form-invalid",
                () -> rules.target(service("DEATH_DEREGISTRATION"), head, form("{\"deceasedPersonId\": \"x\"}")));
        assertProblem(422, "form-invalid", () -> rules.target(service("BIRTH_REGISTRATION"), head, null));
    }

    private void assertChanges(UUID application, RegisterChangeKind... kinds) {
        List<RegisterChangeView> changes = registry.changesOfApplication(application);
        assertEquals(List.of(kinds), changes.stream().map(RegisterChangeView::kind).toList());
        changes.forEach(change -> assertEquals(application, change.applicationId()));
    }
}
