package org.errandless.sharing.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.errandless.catalog.SourceDepartment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The records of the demo departments, and that they agree with the demo register (demo-people.csv). */
class DemoSharedRecordsTest {

    private static final String ZHANG_WEI = "500103198803120516";
    private static final String LI_NA = "500103199007180424";
    private static final String WANG_JIANGUO = "500105197501010619";
    private static final LocalDate BIRTH_DATE = LocalDate.of(2026, 9, 20);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DemoSharedRecords records;
    /** Demo people: ID number to name; demo households: addresses. */
    private static final Map<String, String> PEOPLE = new HashMap<>();
    private static final Set<String> ADDRESSES = new TreeSet<>();

    @BeforeAll
    static void load() throws IOException {
        records = DemoSharedRecords.load(JSON);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Thread.currentThread()
                .getContextClassLoader().getResourceAsStream("reference/demo-people.csv"), StandardCharsets.UTF_8))) {
            List<String> header = List.of(in.readLine().split(","));
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split(",", -1);
                PEOPLE.put(cells[header.indexOf("id_number")], cells[header.indexOf("name")]);
                ADDRESSES.add(cells[header.indexOf("address")]);
            }
        }
    }

    @Test
    void theBirthOfTheFormsExampleIsOnRecordForEitherParent() {
        for (String parent : List.of(ZHANG_WEI, LI_NA)) {
            SharedDataAnswer.Found found = assertInstanceOf(SharedDataAnswer.Found.class, records.find(
                    new SharedDataQuery.BirthMedicalCertificate("张小满", BIRTH_DATE, parent)));
            assertEquals("张小满", found.facts().get("childName"));
            assertEquals("F", found.facts().get("childSex"));
            assertEquals("2026-09-20", found.facts().get("childBirthDate"));
            assertEquals("张伟", found.facts().get("fatherName"));
            assertEquals("李娜", found.facts().get("motherName"));
            assertEquals(Set.of(ZHANG_WEI, LI_NA), Set.copyOf(found.subjectIdNumbers()));
            assertTrue(!found.facts().containsKey("reference"));
        }
        // a name typed with blanks or full-width characters is the same name
        assertInstanceOf(SharedDataAnswer.Found.class, records.find(
                new SharedDataQuery.BirthMedicalCertificate(" 张 小满 ", BIRTH_DATE, ZHANG_WEI)));
    }

    @Test
    void aBirthThatDiffersInAnyKeyIsNotOnRecord() {
        assertInstanceOf(SharedDataAnswer.NoRecord.class, records.find(
                new SharedDataQuery.BirthMedicalCertificate("张小明", BIRTH_DATE, ZHANG_WEI)));
        assertInstanceOf(SharedDataAnswer.NoRecord.class, records.find(
                new SharedDataQuery.BirthMedicalCertificate("张小满", BIRTH_DATE.plusDays(1), ZHANG_WEI)));
        assertInstanceOf(SharedDataAnswer.NoRecord.class, records.find(
                new SharedDataQuery.BirthMedicalCertificate("张小满", BIRTH_DATE, WANG_JIANGUO)));
    }

    @Test
    void theMarriageOfZhangWeiAndLiNa() {
        SharedDataAnswer.Found found = assertInstanceOf(SharedDataAnswer.Found.class,
                records.find(new SharedDataQuery.Marriage(LI_NA, null)));
        assertEquals(Set.of(ZHANG_WEI, LI_NA), Set.copyOf(found.subjectIdNumbers()));
        assertInstanceOf(SharedDataAnswer.Found.class, records.find(new SharedDataQuery.Marriage(ZHANG_WEI, LI_NA)));
        assertInstanceOf(SharedDataAnswer.NoRecord.class,
                records.find(new SharedDataQuery.Marriage(ZHANG_WEI, WANG_JIANGUO)));
        assertInstanceOf(SharedDataAnswer.NoRecord.class,
                records.find(new SharedDataQuery.Marriage(WANG_JIANGUO, null)));
    }

    @Test
    void propertyByOwnerAndAddress() {
        SharedDataAnswer.Found home = assertInstanceOf(SharedDataAnswer.Found.class, records.find(
                new SharedDataQuery.Property(LI_NA, "重庆市渝中区民族路100号(demo)")));
        assertEquals("渝(2017)渝中区不动产权第000100号", home.reference());
        // the address as people type it: blanks and full-width brackets do not matter
        assertInstanceOf(SharedDataAnswer.Found.class, records.find(
                new SharedDataQuery.Property(ZHANG_WEI, "重庆市渝中区 八一路208号（demo）")));
        assertInstanceOf(SharedDataAnswer.NoRecord.class, records.find(
                new SharedDataQuery.Property(ZHANG_WEI, "重庆市江北区建新北路8号(demo)")));
        assertInstanceOf(SharedDataAnswer.Found.class, records.find(new SharedDataQuery.Property(WANG_JIANGUO,
                null)));
    }

    @Test
    void thereIsNoDemoDeathRecord() {
        assertEquals(0, records.count("deathMedicalCertificates"));
        for (String idNumber : PEOPLE.keySet()) {
            assertInstanceOf(SharedDataAnswer.NoRecord.class,
                    records.find(new SharedDataQuery.DeathMedicalCertificate(idNumber)));
        }
    }

    @Test
    void everyoneNamedInARecordIsADemoPersonUnderTheSameName() throws IOException {
        JsonNode all = JSON.readTree(Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(DemoSharedRecords.RESOURCE));
        int[] people = { 0 };
        all.fields().forEachRemaining(kind -> kind.getValue().forEach(record -> checkPeople(record, people)));
        assertTrue(people[0] >= 10, "people checked: " + people[0]);
    }

    @Test
    void everyDemoHouseholdsAddressHasAPropertyRecordOfItsHead() {
        for (String address : ADDRESSES) {
            boolean owned = PEOPLE.keySet().stream().anyMatch(idNumber -> records.find(
                    new SharedDataQuery.Property(idNumber, address)) instanceof SharedDataAnswer.Found);
            assertTrue(owned, address);
        }
    }

    @Test
    void theDemoAdapterAnswersOnlyItsDepartment() {
        DemoSharedDataProvider housing = new DemoSharedDataProvider(SourceDepartment.HOUSING, records);
        assertInstanceOf(SharedDataAnswer.Found.class, housing.find(new SharedDataQuery.Property(ZHANG_WEI, null)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> housing.find(new SharedDataQuery.Marriage(ZHANG_WEI, null)));
    }

    private static void checkPeople(JsonNode node, int[] count) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String key = field.getKey();
                if (key.endsWith("IdNumber") || key.equals("idNumber")) {
                    String idNumber = field.getValue().asText();
                    String nameKey = key.equals("idNumber") ? "name" : key.replace("IdNumber", "Name");
                    assertEquals(PEOPLE.get(idNumber), node.get(nameKey).asText(), key + " of " + node);
                    count[0]++;
                } else {
                    checkPeople(field.getValue(), count);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> checkPeople(element, count));
        }
    }
}
