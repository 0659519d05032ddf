package org.errandless.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.errandless.common.crypto.PersonalDataMasks;

/** Properties of verification codes over seeded random cases (plain JUnit; jqwik is not used here). */
class VerificationCodesTest {

    static LongStream seeds() {
        return new Random(20261128).longs(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void codesAreTwelveLettersOfTheCrockfordAlphabet(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 50; i++) {
            String code = VerificationCodes.next(random);
            assertEquals(12, code.length(), code);
            for (char c : code.toCharArray()) {
                assertTrue(VerificationCodes.ALPHABET.indexOf(c) >= 0, code);
                assertFalse("ILOU".indexOf(c) >= 0, code);
            }
            assertEquals(Optional.of(code), VerificationCodes.normalise(code));
            assertEquals(Optional.of(code), VerificationCodes.normalise(code.toLowerCase(Locale.ROOT)));
            assertEquals(Optional.of(code), VerificationCodes.normalise(
                    code.substring(0, 4) + "-" + code.substring(4, 8) + " " + code.substring(8)));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyLetterOfTheAlphabetTurnsUp(long seed) {
        Random random = new Random(seed);
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            for (char c : VerificationCodes.next(random).toCharArray()) {
                seen.add(c);
            }
        }
        assertEquals(32, seen.size(), "1200 draws should show all 32 letters");
    }

    @Test
    void theAlphabetHasThirtyTwoDistinctLettersWithoutILOU() {
        assertEquals(32, VerificationCodes.ALPHABET.chars().distinct().count());
        assertTrue(VerificationCodes.ALPHABET.chars().noneMatch(c -> "ILOU".indexOf(c) >= 0));
    }

    @Test
    void lookalikesReadAsDigits() {
        assertEquals(Optional.of("100000000001"), VerificationCodes.normalise("IOOOOOOOOOOL"));
        assertEquals(Optional.of("100000000001"), VerificationCodes.normalise("ioooo-ooooo-ol"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "ABC", "ABCDEFGHJKMNP", "ABCDEFGHJKMU", "ABCDEFGHJKM!", "ABCDEFGHJKM你" })
    void anythingElseIsNoCode(String input) {
        assertEquals(Optional.empty(), VerificationCodes.normalise(input));
    }

    @Test
    void nullAndOverlongInputAreNoCode() {
        assertEquals(Optional.empty(), VerificationCodes.normalise(null));
        assertEquals(Optional.empty(), VerificationCodes.normalise("-".repeat(100) + "ABCDEFGHJKMN"));
    }

    @Test
    void namesAreMaskedAfterTheFamilyName() {
        assertEquals("张*", PersonalDataMasks.name("张伟"));
        assertEquals("欧***", PersonalDataMasks.name("欧阳娜娜"));
        assertEquals("*", PersonalDataMasks.name("张"));
        assertEquals("*", PersonalDataMasks.name(null));
        assertEquals("𠀀*", PersonalDataMasks.name("𠀀伟"));
    }
}
