package org.errandless.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MainlandMobileTest {

    @ParameterizedTest
    @CsvSource({ "13800000001, 13800000001", "+8613800000001, 13800000001", "19912345678, 19912345678",
            "+8617000000000, 17000000000" })
    void acceptsElevenDigitsAndE164(String input, String national) {
        assertEquals(Optional.of(national), MainlandMobile.national(input));
        assertEquals("+86" + national, MainlandMobile.e164(national));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "1380000000", "138000000012", "12800000001", "02363800000", "023-63800000",
            "1380000000a", "abcdefghijk", "+12025550123", "+86 13800000001", "86138000000001", "008613800000001",
            "138 0000 0001", " 13800000001", "+8602363800000" })
    void refusesEverythingElse(String input) {
        assertTrue(MainlandMobile.national(input).isEmpty(), input);
    }
}
