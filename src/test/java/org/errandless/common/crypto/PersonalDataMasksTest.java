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

    @Test
    void nameKeepsTheFamilyNameAndTheLength() {
        assertEquals("张*", PersonalDataMasks.name("张伟"));
        assertEquals("欧***", PersonalDataMasks.name(" 欧阳娜娜 "));
        assertEquals("*", PersonalDataMasks.name("伟"));
        assertEquals("*", PersonalDataMasks.name(" "));
        assertEquals("*", PersonalDataMasks.name(null));
        assertEquals("\uD840\uDC00*", PersonalDataMasks.name("\uD840\uDC00伟"));
    }
}
