package org.errandless.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A child under 16 cannot sign in ({@link Guardianship#maySignIn}), judged from the birth date an ID number records:
 * seeded random birth dates around their 16th birthday, and the edges written out (the tests' business date, 29
 * February).
 */
class SignInAgeTest {

    static Stream<Long> seeds() {
        return IntStream.range(0, 2000).mapToObj(i -> 20261206L + i);
    }

    /** The day before the 16th birthday no, on it and after it yes, whatever the birth date and the ID number. */
    @ParameterizedTest
    @MethodSource("seeds")
    void theSixteenthBirthdayIsTheFirstDay(long seed) {
        Random random = new Random(seed);
        LocalDate born = LocalDate.of(1990, 1, 1).plusDays(random.nextInt(365 * 40));
        String idNumber = IdNumbers.generate("500103", born, random.nextBoolean() ? Sex.M : Sex.F, random);
        LocalDate recorded = IdNumbers.birthDateOf(idNumber);
        assertEquals(born, recorded);
        LocalDate sixteenth = born.plusYears(16);
        if (born.getMonthValue() == 2 && born.getDayOfMonth() == 29 && !sixteenth.isLeapYear()) {
            sixteenth = sixteenth.plusDays(1);
        }
        assertFalse(Guardianship.maySignIn(recorded, sixteenth.minusDays(1)), () -> born + " before " + 16);
        assertTrue(Guardianship.maySignIn(recorded, sixteenth), () -> born + " on the 16th birthday");
        assertTrue(Guardianship.maySignIn(recorded, sixteenth.plusDays(1 + random.nextInt(20_000))));
        assertFalse(Guardianship.maySignIn(recorded, born.plusDays(random.nextInt(
                (int) (sixteenth.toEpochDay() - born.toEpochDay())))));
    }

    @ParameterizedTest
    @CsvSource({
            // the tests' business date is 2026-09-30
            "2010-09-30, 2026-09-30, true",
            "2010-10-01, 2026-09-30, false",
            "2010-09-29, 2026-09-30, true",
            "2026-09-30, 2026-09-30, false",
            // born on 29 February: 16 on 29 February of a leap year, on 1 March otherwise
            "2008-02-29, 2024-02-28, false",
            "2008-02-29, 2024-02-29, true",
            "2084-02-29, 2100-02-28, false",
            "2084-02-29, 2100-03-01, true" })
    void edges(LocalDate born, LocalDate today, boolean maySignIn) {
        assertEquals(maySignIn, Guardianship.maySignIn(born, today));
    }

    @ParameterizedTest
    @CsvSource({ "2026-09-30" })
    void noBirthDateIsNoSignIn(LocalDate today) {
        assertFalse(Guardianship.maySignIn(null, today));
    }
}
