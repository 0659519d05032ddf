package org.errandless.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PersonalDataMasksTest {

    @Test
    void phoneKeepsCarrierPrefixAndLastFour() {
        assertEquals("138****0001", PersonalDataMasks.phone("13800000001"));
        assertEquals("138****0001", PersonalDataMasks.phone("+86 138-0000-0001"));
        assertEquals("*****", PersonalDataMasks.phone("12345"));
        assertNull(PersonalDataMasks.phone(null));
    }

    @Test
    void idNumberKeepsDivisionAndLastFour() {
        assertEquals("500103********0516", PersonalDataMasks.idNumber("500103198803120516"));
        assertEquals("110105********002X", PersonalDataMasks.idNumber("11010519491231002x"));
        assertEquals("***", PersonalDataMasks.idNumber("123"));
        assertNull(PersonalDataMasks.idNumber(null));
    }
}
