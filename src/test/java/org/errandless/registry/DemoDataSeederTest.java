package org.errandless.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The demo population as the test profile seeds it at startup. */
@QuarkusTest
class DemoDataSeederTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 9, 30);

    @Inject
    RegistryService registry;
    @Inject
    DemoMobiles demoMobiles;
    @Inject
    DemoDataSeeder seeder;
    @Inject
    DataSource dataSource;
    @Inject
    PersonalDataProtector protector;
    @Inject
    DivisionLoader divisionLoader;

    @Test
    void everyDemoPersonIsPresentExactlyAsGiven() {
        List<Map<String, String>> rows = ReferenceCsv.read(DemoPopulation.PEOPLE_RESOURCE);
        assertEquals(6, rows.size());
        for (Map<String, String> row : rows) {
            String idNumber = row.get("id_number");
            PersonView person = registry.findActivePerson(idNumber)
                    .orElseThrow(() -> new AssertionError("missing " + row.get("name")));
            assertEquals(row.get("name"), person.name());
            assertEquals(Sex.valueOf(row.get("sex")), person.sex());
            assertEquals(LocalDate.parse(row.get("birth_date")), person.birthDate());
            assertEquals(row.get("ethnicity"), person.ethnicity());
            assertEquals(Relationship.valueOf(row.get("relationship")), person.relationship());
            assertEquals(PersonStatus.ACTIVE, person.status());
            assertEquals(idNumber, registry.fullIdNumber(person.id()).orElseThrow());

            HouseholdView household = registry.householdOf(person.id()).orElseThrow();
            assertEquals(row.get("household_no"), household.householdNumber());
            assertEquals(HouseholdType.valueOf(row.get("household_type")), household.type());
            assertEquals(row.get("address"), household.address());
            assertEquals(new StationView(row.get("station_code"), row.get("station_name"), row.get("division_code")),
                    household.station());
            if (person.relationship() == Relationship.HEAD) {
                assertEquals(person.id(), household.headPersonId());
            }

            String mobile = row.get("mobile");
            if (mobile.isEmpty()) {
                assertTrue(demoMobiles.mobileOf(person.id()).isEmpty(), row.get("name"));
            } else {
                assertTrue(demoMobiles.isRegisteredTo(mobile, idNumber), row.get("name"));
                assertTrue(demoMobiles.isRegisteredTo("+86 " + mobile, idNumber), row.get("name"));
                assertEquals(mobile, demoMobiles.mobileOf(person.id()).orElseThrow());
            }
        }
        // the household of 张伟 is exactly the three people of the file
        Set<String> zhangWeiHousehold = registry.householdOf(registry.findActivePerson("500103198803120516")
                .orElseThrow().id()).orElseThrow().members().stream().map(PersonView::name).collect(Collectors.toSet());
        assertEquals(Set.of("张伟", "李娜", "张子轩"), zhangWeiHousehold);
    }

    @Test
    void aPhoneIsRegisteredOnlyToItsOwnIdNumber() {
        assertFalse(demoMobiles.isRegisteredTo("13800000001", "500103199007180424"), "李娜 is not 13800000001");
        assertFalse(demoMobiles.isRegisteredTo("13800000099", "500103198803120516"));
        assertFalse(demoMobiles.isRegisteredTo("13800000001", "not an id"));
        assertFalse(demoMobiles.isRegisteredTo(null, "500103198803120516"));
        assertFalse(demoMobiles.isRegisteredTo("13800000001", " "));
    }

    @Test
    void generatedPopulationSpansDistrictsAndStationsRealistically() throws SQLException {
        Map<String, Integer> stationsPerDistrict = new HashMap<>();
        for (List<Object> row : query("select s.division_code, count(distinct s.code) from station s"
                + " where exists (select 1 from household h where h.station_code = s.code) group by s.division_code")) {
            stationsPerDistrict.put((String) row.get(0), ((Number) row.get(1)).intValue());
        }
        assertTrue(stationsPerDistrict.size() >= 4, stationsPerDistrict::toString);
        stationsPerDistrict.forEach((district, stations) -> assertTrue(stations >= 2, district + ": " + stations));

        DemoPopulation population = seeder.population();
        List<DemoPopulation.Member> all = population.households().stream()
                .flatMap(household -> household.members().stream()).toList();
        int fixed = ReferenceCsv.read(DemoPopulation.PEOPLE_RESOURCE).size();
        assertTrue(all.size() - fixed >= 300 && all.size() - fixed <= 600, "a few hundred: " + all.size());

        for (DemoPopulation.Station station : population.stations()) {
            assertTrue(station.code().matches(station.divisionCode() + "[0-9]{2}"), station.code());
        }
        for (DemoPopulation.Household household : population.households()) {
            assertEquals(1, household.members().stream()
                    .filter(member -> member.relationship() == Relationship.HEAD).count(), household.householdNumber());
            assertTrue(household.householdNumber().startsWith(household.stationCode()), household.householdNumber());
            assertTrue(household.head().status() == PersonStatus.ACTIVE);
        }
        long collective = population.households().stream()
                .filter(household -> household.type() == HouseholdType.COLLECTIVE).count();
        assertTrue(collective >= 4, "collective households: " + collective);
        Map<Relationship, Long> relationships = all.stream()
                .collect(Collectors.groupingBy(DemoPopulation.Member::relationship, Collectors.counting()));
        for (Relationship expected : List.of(Relationship.SPOUSE, Relationship.SON, Relationship.DAUGHTER,
                Relationship.FATHER, Relationship.MOTHER, Relationship.GRANDSON, Relationship.OTHER)) {
            assertTrue(relationships.getOrDefault(expected, 0L) > 0, expected + " in " + relationships);
        }
        for (DemoPopulation.Member member : all) {
            assertTrue(member.name().matches("\\p{IsHan}{2,4}"), member.name());
            assertEquals(member.sex(), IdNumbers.sexOf(member.idNumber()));
            assertEquals(member.birthDate(), IdNumbers.birthDateOf(member.idNumber()));
            boolean adult = !member.birthDate().plusYears(18).isAfter(DemoPopulation.REFERENCE_DATE);
            if (member.mobile() != null) {
                assertTrue(adult && member.status() == PersonStatus.ACTIVE, member::toString);
                assertTrue(member.mobile().matches("1[3-9][0-9]{9}"), member::toString);
            }
        }
        assertEquals(all.size(), all.stream().map(DemoPopulation.Member::id).distinct().count());
        List<String> mobiles = all.stream().map(DemoPopulation.Member::mobile).filter(m -> m != null).toList();
        assertEquals(mobiles.size(), new HashSet<>(mobiles).size(), "mobiles are unique");
    }

    @Test
    void everyStoredIdNumberIsValidAndUnique() throws SQLException {
        List<String> numbers = new ArrayList<>();
        for (List<Object> row : query("select id_number_cipher, id_number_hash from person")) {
            String idNumber = protector.decrypt(PersonalDataKind.ID_NUMBER, (String) row.get(0));
            assertTrue(IdNumbers.isValid(idNumber, TODAY), IdNumbers.mask(idNumber));
            assertEquals(row.get(1), protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber));
            numbers.add(idNumber);
        }
        assertTrue(numbers.size() >= 300, "persons: " + numbers.size());
        assertEquals(numbers.size(), new HashSet<>(numbers).size());
        Set<String> generated = seeder.population().households().stream().flatMap(h -> h.members().stream())
                .map(DemoPopulation.Member::idNumber).collect(Collectors.toSet());
        assertTrue(numbers.containsAll(generated), "every demo person is stored");
    }

    @Test
    void generatedAdultsHaveADemoMobile() {
        DemoPopulation.Member adult = seeder.population().households().stream()
                .flatMap(household -> household.members().stream())
                .filter(member -> member.mobile() != null && member.mobile().startsWith("139")).findFirst()
                .orElseThrow();
        assertTrue(demoMobiles.isRegisteredTo(adult.mobile(), adult.idNumber()));
        assertEquals(adult.mobile(), demoMobiles.mobileOf(adult.id()).orElseThrow());
    }

    @Test
    void seedingAgainChangesNothing() throws SQLException {
        String counts = "select (select count(*) from station), (select count(*) from household),"
                + " (select count(*) from person), (select count(*) from demo_mobile),"
                + " (select count(*) from register_change where kind = 'SEEDED'), (select count(*) from division)";
        List<Object> before = query(counts).get(0);
        DemoDataSeeder.Result again = seeder.seed();
        assertEquals(new DemoDataSeeder.Result(0, 0, 0, 0), again);
        assertEquals(before, query(counts).get(0));
    }

    @Test
    void aRestartOntoThePreparedRegisterHasNothingToDo() {
        // what lets start-up skip the upsert, the seeding lock and their transactions
        assertTrue(divisionLoader.current());
        assertTrue(seeder.complete());
    }

    @Test
    void aDivisionChangedInTheDatabaseIsNotCurrentAndTheNextLoadRestoresIt() throws SQLException {
        String code = ReferenceCsv.read(DivisionLoader.RESOURCE).get(0).get("code");
        List<Object> before = query("select name_zh, name_en, parent_code from division where code = '" + code + "'")
                .get(0);
        try {
            update("update division set name_en = name_en || ' (changed)' where code = '" + code + "'");
            assertFalse(divisionLoader.current());
        } finally {
            divisionLoader.load();
        }
        assertTrue(divisionLoader.current());
        assertEquals(before, query("select name_zh, name_en, parent_code from division where code = '" + code + "'")
                .get(0));
    }

    @Test
    void thePopulationIsDeterministic() {
        List<String> divisions = registry.divisions().stream().map(DivisionView::code).toList();
        assertEquals(DemoPopulation.standard(divisions).households(), DemoPopulation.standard(divisions).households());
        assertNotNull(seeder.population());
    }

    @Test
    void seededRowsHaveHistory() throws SQLException {
        Set<Object> seededPersons = query("select person_id from register_change where kind = 'SEEDED'"
                + " and person_id is not null").stream().map(row -> row.get(0)).collect(Collectors.toSet());
        Set<Object> seededHouseholds = query("select household_id from register_change where kind = 'SEEDED'"
                + " and person_id is null").stream().map(row -> row.get(0)).collect(Collectors.toSet());
        for (DemoPopulation.Household household : seeder.population().households()) {
            assertTrue(seededHouseholds.contains(household.id()), household.householdNumber());
            for (DemoPopulation.Member member : household.members()) {
                assertTrue(seededPersons.contains(member.id()), member::toString);
            }
        }
    }

    @Test
    void prodNeverSeeds() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> RegistryStartup.seedsDemoData(true, List.of("prod")));
        assertFalse(RegistryStartup.seedsDemoData(false, List.of("prod")));
        assertFalse(RegistryStartup.seedsDemoData(false, List.of("dev")));
        assertTrue(RegistryStartup.seedsDemoData(true, List.of("demo")));
        assertTrue(RegistryStartup.seedsDemoData(true, List.of("test")));
    }

    private void update(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

        private List<List<Object>> query(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            List<List<Object>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        }
    }
}
