package org.errandless.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.problem.ProblemException;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The registry's API against the real database: look-ups over demo people, changes over fresh fixtures. */
@QuarkusTest
class RegistryServiceTest {

    private static final String ZHANG_WEI = "500103198803120516";
    private static final LocalDate TODAY = LocalDate.of(2026, 9, 30);

    @Inject
    RegistryService registry;
    @Inject
    RegistryFixtures fixtures;

    // ---- look-ups -----------------------------------------------------------------------------------------------

    @Test
    void findsAnActivePersonByIdNumberMasked() {
        PersonView person = registry.findActivePerson(ZHANG_WEI).orElseThrow();
        assertEquals("张伟", person.name());
        assertEquals("500103********0516", person.maskedIdNumber());
        assertEquals(Sex.M, person.sex());
        assertEquals(LocalDate.of(1988, 3, 12), person.birthDate());
        assertEquals(Relationship.HEAD, person.relationship());
        assertTrue(person.active());
        assertEquals(person, registry.findActivePerson(" " + ZHANG_WEI + " ").orElseThrow());
        assertEquals(person, registry.person(person.id()).orElseThrow());
        assertEquals(ZHANG_WEI, registry.fullIdNumber(person.id()).orElseThrow());
        assertFalse(person.toString().contains("198803120516"));
    }

    @Test
    void unknownOrInvalidNumbersFindNobody() {
        String unknown = IdNumbers.generate("500103", LocalDate.of(1988, 3, 12), Sex.M, 999);
        assertTrue(registry.findActivePerson(unknown).isEmpty());
        assertTrue(registry.findActivePerson("500103198803120517").isEmpty());
        assertTrue(registry.findActivePerson("").isEmpty());
        assertTrue(registry.findActivePerson(null).isEmpty());
        assertTrue(registry.person(UUID.randomUUID()).isEmpty());
        assertTrue(registry.fullIdNumber(UUID.randomUUID()).isEmpty());
    }

    @Test
    void identityMatchNeedsNameAndNumber() {
        assertTrue(registry.findActivePersonByIdentity("张伟", ZHANG_WEI).isPresent());
        assertTrue(registry.findActivePersonByIdentity(" 张 伟 ", ZHANG_WEI).isPresent());
        assertTrue(registry.findActivePersonByIdentity("李娜", ZHANG_WEI).isEmpty());
        assertTrue(registry.findActivePersonByIdentity("张伟", "500103199007180424").isEmpty());
        assertTrue(registry.findActivePersonByIdentity(null, ZHANG_WEI).isEmpty());
    }

    @Test
    void householdOfAPersonListsActiveMembersMaskedHeadFirst() {
        PersonView son = registry.findActivePerson("500103201809050330").orElseThrow();
        HouseholdView household = registry.householdOf(son.id()).orElseThrow();
        assertEquals("5001030100001", household.householdNumber());
        assertEquals(HouseholdType.FAMILY, household.type());
        assertEquals("重庆市渝中区民族路100号(demo)", household.address());
        assertEquals(new StationView("50010301", "渝中区解放碑派出所(demo)", "500103"), household.station());
        PersonView head = household.members().get(0);
        assertEquals(Relationship.HEAD, head.relationship());
        assertEquals(household.headPersonId(), head.id());
        assertTrue(household.members().stream().allMatch(member -> member.maskedIdNumber().contains("********")));
        assertTrue(household.members().stream().anyMatch(member -> member.name().equals("张子轩")));
        assertEquals(household, registry.household(household.id()).orElseThrow());
        assertTrue(registry.householdOf(UUID.randomUUID()).isEmpty());
    }

    @Test
    void stationsAndDivisions() {
        assertEquals("渝中区解放碑派出所(demo)", registry.station("50010301").orElseThrow().name());
        assertTrue(registry.station("99999999").isEmpty());
        assertTrue(registry.station(null).isEmpty());
        List<StationView> yuzhong = registry.stationsInDivision("500103");
        assertTrue(yuzhong.size() >= 2, yuzhong::toString);
        assertTrue(yuzhong.stream().allMatch(station -> station.divisionCode().equals("500103")));
        assertTrue(registry.stations().containsAll(yuzhong));
        assertEquals(39, registry.divisions().size());
        DivisionView division = registry.division("500103").orElseThrow();
        assertEquals(new DivisionView("500103", "渝中区", "Yuzhong", "500000"), division);
        assertNull(registry.division("500000").orElseThrow().parentCode());
        assertEquals("Nan'an", registry.division("500108").orElseThrow().nameEn());
    }

    // ---- newborns -----------------------------------------------------------------------------------------------

    @Test
    void newbornGetsAValidUnusedNumberOfTheStationsDivisionAndAHistoryRow() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        UUID application = UUID.randomUUID();
        LocalDate birth = LocalDate.of(2026, 9, 20);
        PersonView first = registry.addNewborn(family.householdId(), " 测试宝宝 ", Sex.F, birth, "汉族",
                Relationship.DAUGHTER, application);
        PersonView second = registry.addNewborn(family.householdId(), "测试宝宝二", Sex.F, birth, "汉族",
                Relationship.DAUGHTER, application);
        String firstNumber = registry.fullIdNumber(first.id()).orElseThrow();
        String secondNumber = registry.fullIdNumber(second.id()).orElseThrow();
        for (String number : List.of(firstNumber, secondNumber)) {
            assertTrue(IdNumbers.isValid(number, TODAY));
            assertEquals("500108", IdNumbers.divisionOf(number), "the division of the household's station");
            assertEquals(birth, IdNumbers.birthDateOf(number));
            assertEquals(Sex.F, IdNumbers.sexOf(number));
        }
        assertNotEquals(firstNumber, secondNumber);
        assertEquals("测试宝宝", first.name());
        assertEquals(PersonStatus.ACTIVE, first.status());
        assertEquals(family.householdId(), first.householdId());
        assertEquals(IdNumbers.mask(firstNumber), first.maskedIdNumber());
        assertEquals(first, registry.findActivePerson(firstNumber).orElseThrow());
        assertEquals(4, registry.household(family.householdId()).orElseThrow().members().size());

        List<RegisterChangeView> changes = registry.changesOfApplication(application);
        assertEquals(2, changes.size());
        RegisterChangeView born = changes.get(0);
        assertEquals(RegisterChangeKind.BORN, born.kind());
        assertEquals(first.id(), born.personId());
        assertEquals(family.householdId(), born.householdId());
        assertEquals(application, born.applicationId());
        assertNull(born.beforeSummary());
        assertTrue(born.afterSummary().contains("测试宝宝"), born.afterSummary());
        assertEquals(second.id(), changes.get(1).personId());
        assertEquals(List.of(born), registry.changesOfPerson(first.id()));
    }

    @Test
    void concurrentNewbornsOfOneDaySexAndDivisionGetDifferentNumbers() throws Exception {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        LocalDate birth = LocalDate.of(2026, 8, 8);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<PersonView>> twins = new ArrayList<>();
            for (String name : List.of("测试甲", "测试乙")) {
                twins.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return registry.addNewborn(family.householdId(), name, Sex.M, birth, "汉族", Relationship.SON,
                            null);
                }));
            }
            String first = registry.fullIdNumber(twins.get(0).get(60, TimeUnit.SECONDS).id()).orElseThrow();
            String second = registry.fullIdNumber(twins.get(1).get(60, TimeUnit.SECONDS).id()).orElseThrow();
            assertNotEquals(first, second);
            assertEquals(first.substring(0, 14), second.substring(0, 14));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void newbornDetailsAreChecked() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD);
        UUID household = family.householdId();
        assertProblem(422, "form-invalid", () -> registry.addNewborn(household, "宝宝", Sex.M, TODAY.plusDays(1),
                "汉族", Relationship.SON, null));
        assertProblem(422, "form-invalid", () -> registry.addNewborn(household, "宝宝", Sex.F, TODAY, "汉族",
                Relationship.SON, null));
        assertProblem(422, "form-invalid", () -> registry.addNewborn(household, "宝宝", Sex.M, TODAY, "汉族",
                Relationship.HEAD, null));
        ProblemException missing = assertProblem(422, "form-invalid",
                () -> registry.addNewborn(household, " ", null, null, "", null, null));
        assertEquals(List.of("name", "ethnicity", "sex", "birthDate", "relationship"),
                missing.invalidParams().stream().map(param -> param.name()).toList());
        assertProblem(404, "not-found", () -> registry.addNewborn(UUID.randomUUID(), "宝宝", Sex.M, TODAY, "汉族",
                Relationship.SON, null));
        assertEquals(1, registry.household(household).orElseThrow().members().size());
    }

    // ---- moves --------------------------------------------------------------------------------------------------

    @Test
    void movingAPersonChangesTheHouseholdAndRecordsBothSides() {
        RegistryFixtures.Family from = fixtures.household(Relationship.HEAD, Relationship.SPOUSE, Relationship.SON);
        RegistryFixtures.Family to = fixtures.household(Relationship.HEAD);
        UUID son = from.member(Relationship.SON).id();
        UUID application = UUID.randomUUID();
        PersonView moved = registry.movePerson(son, to.householdId(), Relationship.GRANDSON, application);
        assertEquals(to.householdId(), moved.householdId());
        assertEquals(Relationship.GRANDSON, moved.relationship());
        assertEquals(to.householdId(), registry.householdOf(son).orElseThrow().id());
        assertEquals(2, registry.household(from.householdId()).orElseThrow().members().size());
        assertEquals(2, registry.household(to.householdId()).orElseThrow().members().size());

        List<RegisterChangeView> changes = registry.changesOfApplication(application);
        assertEquals(List.of(RegisterChangeKind.MOVED_OUT, RegisterChangeKind.MOVED_IN),
                changes.stream().map(RegisterChangeView::kind).toList());
        assertEquals(from.householdId(), changes.get(0).householdId());
        assertEquals(to.householdId(), changes.get(1).householdId());
        assertTrue(changes.get(0).beforeSummary().contains(from.householdNumber()));
        assertTrue(changes.get(1).afterSummary().contains(to.householdNumber()));
        assertTrue(changes.stream().allMatch(change -> son.equals(change.personId())));

        PersonView back = registry.movePerson(son, from.householdId(), null);
        assertEquals(Relationship.OTHER, back.relationship(), "unknown relationship");
    }

    @Test
    void movesThatWouldBreakAHouseholdAreRefused() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        RegistryFixtures.Family other = fixtures.household(Relationship.HEAD);
        UUID head = family.member(Relationship.HEAD).id();
        UUID spouse = family.member(Relationship.SPOUSE).id();
        assertProblem(409, "invalid-transition", () -> registry.movePerson(head, other.householdId(), null));
        assertProblem(409, "invalid-transition", () -> registry.movePerson(spouse, family.householdId(), null));
        assertProblem(409, "invalid-transition",
                () -> registry.movePerson(spouse, other.householdId(), Relationship.HEAD, null));
        assertProblem(404, "not-found", () -> registry.movePerson(spouse, UUID.randomUUID(), null));
        assertProblem(404, "not-found", () -> registry.movePerson(UUID.randomUUID(), other.householdId(), null));
        assertEquals(family.householdId(), registry.person(spouse).orElseThrow().householdId());
        assertEquals(head, registry.household(family.householdId()).orElseThrow().headPersonId());
    }

    @Test
    void aLoneHeadMayLeaveAndAHeadlessHouseholdGetsTheNewcomerAsHead() {
        RegistryFixtures.Family single = fixtures.household(Relationship.HEAD);
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        UUID lone = single.member(Relationship.HEAD).id();
        registry.movePerson(lone, family.householdId(), Relationship.BROTHER, UUID.randomUUID());
        HouseholdView empty = registry.household(single.householdId()).orElseThrow();
        assertNull(empty.headPersonId());
        assertTrue(empty.members().isEmpty());

        PersonView newcomer = registry.movePerson(lone, single.householdId(), Relationship.OTHER, null);
        assertEquals(Relationship.HEAD, newcomer.relationship());
        assertEquals(lone, registry.household(single.householdId()).orElseThrow().headPersonId());
    }

    // ---- address ------------------------------------------------------------------------------------------------

    @Test
    void addressChangeKeepsHistory() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD);
        UUID application = UUID.randomUUID();
        HouseholdView changed = registry.changeAddress(family.householdId(), " 重庆市南岸区南坪西路2号(test) ",
                application);
        assertEquals("重庆市南岸区南坪西路2号(test)", changed.address());
        List<RegisterChangeView> history = registry.changesOfHousehold(family.householdId());
        assertEquals(1, history.size());
        RegisterChangeView change = history.get(0);
        assertEquals(RegisterChangeKind.ADDRESS_CHANGED, change.kind());
        assertEquals(application, change.applicationId());
        assertNull(change.personId());
        assertTrue(change.beforeSummary().contains("测试路1号"), change.beforeSummary());
        assertTrue(change.afterSummary().contains("南坪西路2号"), change.afterSummary());

        registry.changeAddress(family.householdId(), "重庆市南岸区南坪西路2号(test)", UUID.randomUUID());
        assertEquals(1, registry.changesOfHousehold(family.householdId()).size(), "no change, no history");
        assertProblem(422, "form-invalid", () -> registry.changeAddress(family.householdId(), " ", null));
        assertProblem(422, "form-invalid", () -> registry.changeAddress(family.householdId(), "路".repeat(257), null));
        assertProblem(404, "not-found", () -> registry.changeAddress(UUID.randomUUID(), "某地", null));
    }

    // ---- death --------------------------------------------------------------------------------------------------

    @Test
    void deceasedPersonsAreNoLongerFoundAndCannotDieTwice() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        RegistryFixtures.Member spouse = family.member(Relationship.SPOUSE);
        UUID application = UUID.randomUUID();
        PersonView deceased = registry.markDeceased(spouse.id(), application);
        assertEquals(PersonStatus.DECEASED, deceased.status());
        assertTrue(registry.findActivePerson(spouse.idNumber()).isEmpty());
        assertEquals(PersonStatus.DECEASED, registry.person(spouse.id()).orElseThrow().status());
        assertEquals(1, registry.household(family.householdId()).orElseThrow().members().size());
        RegisterChangeView change = registry.changesOfApplication(application).get(0);
        assertEquals(RegisterChangeKind.DECEASED, change.kind());
        assertTrue(change.beforeSummary().contains("ACTIVE") && change.afterSummary().contains("DECEASED"));
        assertProblem(409, "invalid-transition", () -> registry.markDeceased(spouse.id(), null));
        assertProblem(409, "invalid-transition",
                () -> registry.movePerson(spouse.id(), fixtures.household(Relationship.HEAD).householdId(), null));
        assertProblem(404, "not-found", () -> registry.markDeceased(UUID.randomUUID(), null));
    }

    @Test
    void whenTheHeadDiesTheSpouseBecomesHead() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SON, Relationship.SPOUSE);
        UUID head = family.member(Relationship.HEAD).id();
        UUID spouse = family.member(Relationship.SPOUSE).id();
        UUID application = UUID.randomUUID();
        registry.markDeceased(head, application);
        HouseholdView household = registry.household(family.householdId()).orElseThrow();
        assertEquals(spouse, household.headPersonId());
        assertEquals(Relationship.HEAD, household.members().get(0).relationship());
        assertEquals(spouse, household.members().get(0).id());
        assertEquals(List.of(RegisterChangeKind.DECEASED, RegisterChangeKind.HEAD_CHANGED),
                registry.changesOfApplication(application).stream().map(RegisterChangeView::kind).toList());

        registry.markDeceased(spouse, null);
        UUID son = family.member(Relationship.SON).id();
        assertEquals(son, registry.household(family.householdId()).orElseThrow().headPersonId(), "then the eldest");
        registry.markDeceased(son, null);
        assertNull(registry.household(family.householdId()).orElseThrow().headPersonId(), "nobody left");
    }

    @Test
    void historyNeverHoldsAnIdNumber() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE, Relationship.SON);
        RegistryFixtures.Family other = fixtures.household(Relationship.HEAD);
        PersonView baby = registry.addNewborn(family.householdId(), "测试", Sex.M, TODAY, "汉族", Relationship.SON, null);
        registry.movePerson(family.member(Relationship.SON).id(), other.householdId(), null);
        registry.markDeceased(family.member(Relationship.HEAD).id(), null);
        String babyNumber = registry.fullIdNumber(baby.id()).orElseThrow();
        for (RegisterChangeView change : registry.changesOfHousehold(family.householdId())) {
            for (String summary : new String[] { change.beforeSummary(), change.afterSummary() }) {
                if (summary == null) {
                    continue;
                }
                // neither whole nor the parts a mask would hide (birth date, sequence, check character)
                assertFalse(summary.contains(babyNumber.substring(6)), summary);
                assertFalse(summary.contains(babyNumber.substring(0, 14)), summary);
                for (RegistryFixtures.Member member : family.members()) {
                    assertFalse(summary.contains(member.idNumber().substring(6)), summary);
                    assertFalse(summary.contains(member.idNumber().substring(0, 14)), summary);
                }
            }
        }
    }

    private static ProblemException assertProblem(int status, String code, Runnable call) {
        ProblemException problem = assertThrows(ProblemException.class, call::run);
        assertEquals(status, problem.status(), problem.getMessage());
        assertEquals(code, problem.code(), problem.getMessage());
        return problem;
    }
}
