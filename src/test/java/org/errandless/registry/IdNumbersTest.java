package org.errandless.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GB 11643-1999 rules: hand-checked values, each rejection reason, and properties over thousands of seeded random
 * numbers (generated numbers validate; sex parity; every single-character substitution and every adjacent
 * transposition in the first 17 digits is caught by the check character).
 */
class IdNumbersTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 9, 30);
    private static final int CASES = 2000;
    private static final int[] PROVINCES = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
            44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82 };

    // ---- hand-checked values ------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            // the two examples of GB 11643-1999 itself
            "11010519491231002X, 11010519491231002, X, F, 1949-12-31",
            "440524188001010014, 44052418800101001, 4, M, 1880-01-01",
            // demo people (check characters computed by hand: sum of digit × weight, mod 11)
            "500103198803120516, 50010319880312051, 6, M, 1988-03-12",
            "500103199007180424, 50010319900718042, 4, F, 1990-07-18",
            "500105197501010619, 50010519750101061, 9, M, 1975-01-01" })
    void knownNumbersValidate(String idNumber, String first17, char check, Sex sex, LocalDate birthDate) {
        assertEquals(check, IdNumbers.checkCharacter(first17));
        IdNumbers.Validation validation = IdNumbers.validate(idNumber, TODAY);
        assertTrue(validation.valid(), validation::toString);
        assertEquals(idNumber, validation.idNumber());
        assertEquals(sex, IdNumbers.sexOf(idNumber));
        assertEquals(birthDate, IdNumbers.birthDateOf(idNumber));
        assertEquals(idNumber.substring(0, 6), IdNumbers.divisionOf(idNumber));
    }

    @Test
    void checkCharacterWorkedExample() {
        // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → X
        assertEquals('X', IdNumbers.checkCharacter("11010519491231002"));
    }

    @Test
    void everyDemoPersonHasAValidNumberMatchingTheirRow() {
        List<Map<String, String>> rows = ReferenceCsv.read("reference/demo-people.csv");
        assertFalse(rows.isEmpty());
        for (Map<String, String> row : rows) {
            String idNumber = row.get("id_number");
            assertTrue(IdNumbers.isValid(idNumber, TODAY), () -> row.get("name") + " " + IdNumbers.mask(idNumber));
            assertEquals(Sex.valueOf(row.get("sex")), IdNumbers.sexOf(idNumber), row.get("name"));
            assertEquals(LocalDate.parse(row.get("birth_date")), IdNumbers.birthDateOf(idNumber), row.get("name"));
            assertEquals(row.get("division_code"), IdNumbers.divisionOf(idNumber), row.get("name"));
        }
    }

    @Test
    void lowercaseXAndSurroundingBlanksAreNormalised() {
        IdNumbers.Validation validation = IdNumbers.validate(" 11010519491231002x\t", TODAY);
        assertTrue(validation.valid());
        assertEquals("11010519491231002X", validation.idNumber());
    }

    @Test
    void masksAllButDivisionAndLastFour() {
        assertEquals("500103********0516", IdNumbers.mask("500103198803120516"));
        assertEquals("110105********002X", IdNumbers.mask("11010519491231002x"));
        assertNull(IdNumbers.mask(null));
    }

    @Test
    void validationNeverPrintsTheNumber() {
        String shown = IdNumbers.validate("500103198803120516", TODAY).toString();
        assertFalse(shown.contains("198803120516"), shown);
        assertTrue(shown.contains("500103********0516"), shown);
    }

    // ---- each reason --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "50010319880312051", "5001031988031205160", "500103 198803120516", "500103" })
    void wrongLength(String idNumber) {
        assertEquals(IdNumbers.Reason.WRONG_LENGTH, IdNumbers.validate(idNumber, TODAY).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = { "50010319880312051A", "5001031988031205X6", "X00103198803120516", "50010319880312-516",
            "５00103198803120516", "500103198803120５16" })
    void notDigits(String idNumber) {
        IdNumbers.Validation validation = IdNumbers.validate(idNumber, TODAY);
        assertEquals(IdNumbers.Reason.NOT_DIGITS, validation.reason());
        assertFalse(validation.valid());
        assertNull(validation.idNumber());
    }

    @ParameterizedTest
    @ValueSource(strings = { "00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72",
            "80", "83", "90", "99" })
    void unknownProvince(String province) {
        String first17 = province + "0103198803120516".substring(0, 15);
        String idNumber = first17 + IdNumbers.checkCharacter(first17);
        assertEquals(IdNumbers.Reason.UNKNOWN_PROVINCE, IdNumbers.validate(idNumber, TODAY).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = { "19880230", "19881301", "19880001", "19880100", "19000229", "20230229", "17991231",
            "00000101" })
    void invalidBirthDate(String date) {
        String first17 = "500103" + date + "051";
        String idNumber = first17 + IdNumbers.checkCharacter(first17);
        assertEquals(IdNumbers.Reason.INVALID_BIRTH_DATE, IdNumbers.validate(idNumber, TODAY).reason());
    }

    @Test
    void leapDayIsARealDate() {
        assertTrue(IdNumbers.isValid(IdNumbers.generate("500103", LocalDate.of(2000, 2, 29), Sex.F, 2), TODAY));
    }

    @Test
    void birthDateAfterTodayIsRefusedTodayIsNot() {
        String tomorrow = IdNumbers.generate("500103", TODAY.plusDays(1), Sex.M, 1);
        assertEquals(IdNumbers.Reason.FUTURE_BIRTH_DATE, IdNumbers.validate(tomorrow, TODAY).reason());
        assertTrue(IdNumbers.isValid(IdNumbers.generate("500103", TODAY, Sex.M, 1), TODAY));
        assertTrue(IdNumbers.isValid(tomorrow, TODAY.plusDays(1)));
    }

    @Test
    void badCheckCharacter() {
        assertEquals(IdNumbers.Reason.BAD_CHECK_CHARACTER, IdNumbers.validate("500103198803120517", TODAY).reason());
        assertEquals(IdNumbers.Reason.BAD_CHECK_CHARACTER, IdNumbers.validate("50010319880312051X", TODAY).reason());
        assertEquals("bad-check-character", IdNumbers.Reason.BAD_CHECK_CHARACTER.code());
    }

    @Test
    void generateRefusesWhatCannotBeValid() {
        LocalDate birth = LocalDate.of(1990, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> IdNumbers.generate("500103", birth, Sex.M, 2));
        assertThrows(IllegalArgumentException.class, () -> IdNumbers.generate("500103", birth, Sex.F, 1));
        assertThrows(IllegalArgumentException.class, () -> IdNumbers.generate("500103", birth, Sex.F, 0));
        assertThrows(IllegalArgumentException.class, () -> IdNumbers.generate("500103", birth, Sex.M, 1001));
        assertThrows(IllegalArgumentException.class, () -> IdNumbers.generate("990103", birth, Sex.M, 1));
        assertThrows(IllegalArgumentException.class, () -> IdNumbers.generate("50010", birth, Sex.M, 1));
        assertThrows(IllegalArgumentException.class, () -> IdNumbers.checkCharacter("5001031988031205"));
        assertThrows(IllegalArgumentException.class, () -> IdNumbers.checkCharacter("5001031988031205X"));
        assertEquals("500103199001010010", IdNumbers.generate("500103", birth, Sex.M, 1));
    }

    // ---- properties over seeded random cases --------------------------------------------------------------------

    /** divisionCode, birthDate, sex, seed: reproducible from the fixed master seed. */
    static Stream<Arguments> randomCases() {
        Random random = new Random(11643_1999L);
        long earliest = LocalDate.of(1900, 1, 1).toEpochDay();
        long span = TODAY.toEpochDay() - earliest + 1;
        return IntStream.range(0, CASES).mapToObj(i -> {
            String division = String.format("%02d%04d", PROVINCES[random.nextInt(PROVINCES.length)],
                    random.nextInt(10_000));
            LocalDate birthDate = LocalDate.ofEpochDay(earliest + (long) (random.nextDouble() * span));
            Sex sex = random.nextBoolean() ? Sex.M : Sex.F;
            return Arguments.of(division, birthDate, sex, random.nextLong());
        });
    }

    @ParameterizedTest
    @MethodSource("randomCases")
    void everyGeneratedNumberValidatesAndKeepsItsParts(String division, LocalDate birthDate, Sex sex, long seed) {
        String idNumber = IdNumbers.generate(division, birthDate, sex, new Random(seed));
        IdNumbers.Validation validation = IdNumbers.validate(idNumber, TODAY);
        assertTrue(validation.valid(), validation::toString);
        assertEquals(IdNumbers.LENGTH, idNumber.length());
        assertEquals(division, IdNumbers.divisionOf(idNumber));
        assertEquals(birthDate, IdNumbers.birthDateOf(idNumber));
        assertEquals(sex, IdNumbers.sexOf(idNumber));
        int sequence = Integer.parseInt(idNumber.substring(14, 17));
        assertEquals(sex == Sex.M ? 1 : 0, sequence % 2, "odd sequence = male, even = female");
        assertTrue(sequence >= 1 && sequence <= 999);
        // lowercase x is the same number
        assertEquals(idNumber, IdNumbers.validate(idNumber.toLowerCase(), TODAY).idNumber());
    }

    @ParameterizedTest
    @MethodSource("randomCases")
    void everySingleCharacterSubstitutionIsCaught(String division, LocalDate birthDate, Sex sex, long seed) {
        String idNumber = IdNumbers.generate(division, birthDate, sex, new Random(seed));
        for (int position = 0; position < IdNumbers.LENGTH; position++) {
            char original = idNumber.charAt(position);
            String alphabet = position == IdNumbers.LENGTH - 1 ? "0123456789X" : "0123456789";
            // all replacements at this position, not a sample: the checksum must catch every one
            for (char replacement : alphabet.toCharArray()) {
                if (replacement == original) {
                    continue;
                }
                String mutated = idNumber.substring(0, position) + replacement + idNumber.substring(position + 1);
                assertFalse(IdNumbers.isValid(mutated, TODAY), () -> "substitution not caught");
                assertNotEquals(IdNumbers.checkCharacter(mutated.substring(0, 17)), mutated.charAt(17),
                        "the check character itself must catch it");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("randomCases")
    void everyAdjacentTranspositionInTheFirst17DigitsIsCaught(String division, LocalDate birthDate, Sex sex,
            long seed) {
        String idNumber = IdNumbers.generate(division, birthDate, sex, new Random(seed));
        // adjacent weights always differ mod 11 (each is twice the next), so every swap of unequal digits changes
        // the weighted sum: MOD 11-2 must catch all of them
        for (int position = 0; position < 16; position++) {
            char a = idNumber.charAt(position);
            char b = idNumber.charAt(position + 1);
            if (a == b) {
                continue;
            }
            String swapped = idNumber.substring(0, position) + b + a + idNumber.substring(position + 2);
            assertFalse(IdNumbers.isValid(swapped, TODAY), "transposition not caught");
            assertNotEquals(IdNumbers.checkCharacter(swapped.substring(0, 17)), swapped.charAt(17));
        }
        // swapping the last digit with the check character is not always detectable; the validator must then agree
        // exactly with a recomputation
        char last = idNumber.charAt(16);
        char check = idNumber.charAt(17);
        if (last != check) {
            String swapped = idNumber.substring(0, 16) + check + last;
            boolean expected = check != 'X' && IdNumbers.checkCharacter(swapped.substring(0, 17)) == last;
            assertEquals(expected, IdNumbers.isValid(swapped, TODAY));
        }
    }
}
