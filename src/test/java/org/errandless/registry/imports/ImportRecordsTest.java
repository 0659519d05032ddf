package org.errandless.registry.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.errandless.registry.HouseholdType;
import org.errandless.registry.PersonStatus;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of a single line, each with its code; reasons never repeat a value of the line. */
class ImportRecordsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 9, 30);
    private static final String ID = "500103198803120516";
    private static final String PERSON = "{\"type\":\"PERSON\",\"key\":\"P-1\",\"household\":\"H-1\",\"idNumber\":\"" + ID
            + "\",\"name\":\"张伟\",\"ethnicity\":\"汉族\",\"relationship\":\"HEAD\",\"status\":\"ACTIVE\"%s}";

    private final ImportRecords records = new ImportRecords();

    private ImportRecord parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return records.parse(bytes, bytes.length, TODAY);
    }

    private ImportRecord.Rejected rejected(String line, String code) {
        ImportRecord record = parse(line);
        ImportRecord.Rejected rejection = assertInstanceOf(ImportRecord.Rejected.class, record, line);
        assertEquals(code, rejection.code(), rejection.detail());
        assertFalse(rejection.detail().contains(ID), "a reason repeats the ID number");
        return rejection;
    }

    @Test
    void aStation() {
        assertEquals(new ImportRecord.Station("50010301", "渝中区解放碑派出所"),
                parse("{\"type\":\"station\",\"code\":\"50010301\",\"name\":\" 渝中区解放碑派出所 \"}"));
    }

    @Test
    void aHousehold() {
        assertEquals(new ImportRecord.Household("H-1", "5001030100001", HouseholdType.COLLECTIVE, "重庆市渝中区民族路100号",
                "50010301"), parse("{\"type\":\"HOUSEHOLD\",\"key\":\"H-1\",\"number\":\"5001030100001\","
                        + "\"householdType\":\"collective\",\"address\":\"重庆市渝中区民族路100号\",\"station\":\"50010301\","
                        + "\"somethingNew\":{\"ignored\":true}}"));
    }

    @Test
    void aPersonTakesSexAndBirthDateFromTheIdNumber() {
        ImportRecord.Person person = assertInstanceOf(ImportRecord.Person.class,
                parse(PERSON.formatted(",\"idNumber2\":1,\"mobile\":\"+8613800000001\"")));
        assertEquals(Sex.M, person.sex());
        assertEquals(LocalDate.of(1988, 3, 12), person.birthDate());
        assertEquals(Relationship.HEAD, person.relationship());
        assertEquals(PersonStatus.ACTIVE, person.status());
        assertEquals("13800000001", person.mobile());
        assertFalse(person.toString().contains(ID));
        ImportRecord.Person withoutMobile = assertInstanceOf(ImportRecord.Person.class,
                parse(PERSON.formatted(",\"sex\":\"M\",\"birthDate\":\"1988-03-12\",\"mobile\":null")));
        assertNull(withoutMobile.mobile());
        String withX = java.util.stream.IntStream.iterate(1, sequence -> sequence + 2)
                .mapToObj(sequence -> org.errandless.registry.IdNumbers.generate("500103", LocalDate.of(1988, 3, 12),
                        Sex.M, sequence))
                .filter(idNumber -> idNumber.endsWith("X")).findFirst().orElseThrow();
        ImportRecord.Person lowerCase = assertInstanceOf(ImportRecord.Person.class,
                parse(PERSON.replace(ID, withX.toLowerCase()).formatted("")));
        assertEquals(withX, lowerCase.idNumber());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "{", "[]", "\"PERSON\"", "{\"type\":\"PERSON\"} {}", "{\"type\":\"PERSON\",\"type\":\"STATION\"}",
            "{\"type\":\"STATION\",}", "null", "{'type':'STATION'}" })
    void notOneJsonObject(String line) {
        rejected(line, ImportRecords.MALFORMED_JSON);
    }

    @Test
    void typeAndRequiredFields() {
        rejected("{\"code\":\"50010301\"}", ImportRecords.MISSING_FIELD);
        rejected("{\"type\":\"FAMILY\"}", ImportRecords.UNKNOWN_TYPE);
        assertEquals("Missing code, name", rejected("{\"type\":\"STATION\",\"name\":\"  \"}", ImportRecords.MISSING_FIELD)
                .detail());
        assertEquals("Missing name", rejected(PERSON.replace("\"name\":\"张伟\",", "").formatted(""),
                ImportRecords.MISSING_FIELD).detail());
        rejected(PERSON.replace("\"status\":\"ACTIVE\"", "\"status\":\"\"").formatted(""), ImportRecords.MISSING_FIELD);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"relationship\":\"HEAD\"|\"relationship\":\"BOSS\"",
            "\"status\":\"ACTIVE\"|\"status\":\"GONE\"",
            "\"name\":\"张伟\"|\"name\":{\"first\":\"伟\"}",
            "\"name\":\"张伟\"|\"name\":\"张\\u0000伟\"",
            "\"key\":\"P-1\"|\"key\":\"" + ID + "\"",
            "\"key\":\"P-1\"|\"key\":\"P-13800000001\"",
            "\"household\":\"H-1\"|\"household\":\"H+8613800000001\"" })
    void invalidFields(String field, String replacement) {
        ImportRecord.Rejected rejection = rejected(PERSON.replace(field, replacement).formatted(""),
                ImportRecords.INVALID_FIELD);
        assertFalse(rejection.detail().contains("13800000001"));
    }

    @Test
    void keysThatMerelyContainDigitsAreFine() {
        assertInstanceOf(ImportRecord.Person.class,
                parse(PERSON.replace("\"key\":\"P-1\"", "\"key\":\"5001030100001\"").formatted("")));
    }

    @Test
    void lengthsAndCodes() {
        rejected(PERSON.replace("张伟", "张".repeat(65)).formatted(""), ImportRecords.INVALID_FIELD);
        rejected(PERSON.formatted(",\"mobile\":\"12345\""), ImportRecords.INVALID_FIELD);
        rejected("{\"type\":\"STATION\",\"code\":\"5001030\",\"name\":\"x\"}", ImportRecords.INVALID_FIELD);
        rejected("{\"type\":\"HOUSEHOLD\",\"key\":\"H\",\"number\":\"5001 0301\",\"householdType\":\"FAMILY\","
                + "\"address\":\"a\",\"station\":\"50010301\"}", ImportRecords.INVALID_FIELD);
        rejected("{\"type\":\"HOUSEHOLD\",\"key\":\"H\",\"number\":\"1\",\"householdType\":\"HOTEL\","
                + "\"address\":\"a\",\"station\":\"50010301\"}", ImportRecords.INVALID_FIELD);
        rejected("{\"type\":\"HOUSEHOLD\",\"key\":\"H\",\"number\":\"1\",\"householdType\":\"FAMILY\","
                + "\"address\":\"" + "路".repeat(257) + "\",\"station\":\"50010301\"}", ImportRecords.INVALID_FIELD);
        rejected("{\"type\":\"HOUSEHOLD\",\"key\":\"" + "k".repeat(65) + "\",\"number\":\"1\",\"householdType\":"
                + "\"FAMILY\",\"address\":\"a\",\"station\":\"50010301\"}", ImportRecords.INVALID_FIELD);
    }

    @Test
    void theIdNumberIsCheckedAndNeverRepeated() {
        ImportRecord.Rejected bad = rejected(PERSON.replace(ID, "500103198803120517").formatted(""),
                ImportRecords.ID_NUMBER_INVALID);
        assertTrue(bad.detail().endsWith("bad-check-character"), bad.detail());
        assertFalse(bad.detail().contains("500103198803120517"));
        rejected(PERSON.replace(ID, IdNumbersFuture.TOMORROW).formatted(""), ImportRecords.ID_NUMBER_INVALID);
        rejected(PERSON.formatted(",\"sex\":\"F\""), ImportRecords.ID_NUMBER_MISMATCH);
        rejected(PERSON.formatted(",\"birthDate\":\"1988-03-13\""), ImportRecords.ID_NUMBER_MISMATCH);
        rejected(PERSON.formatted(",\"birthDate\":\"12 March 1988\""), ImportRecords.INVALID_FIELD);
        rejected(PERSON.formatted(",\"sex\":\"X\""), ImportRecords.INVALID_FIELD);
    }

    /** An ID number born the day after {@link #TODAY}. */
    private static final class IdNumbersFuture {
        static final String TOMORROW = org.errandless.registry.IdNumbers.generate("500103", TODAY.plusDays(1), Sex.M, 1);
    }
}
