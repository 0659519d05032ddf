package org.errandless.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentScannersTest {

    @Test
    void namesTheAdapters() {
        assertEquals("none", DocumentScanners.kind("none"));
        assertEquals("clamd", DocumentScanners.kind(" ClamD "));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "clamav", "off", "clamd2" })
    void anythingElseIsRefusedWithTheKeyAndTheChoices(String setting) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DocumentScanners.kind(setting));
        assertTrue(refused.getMessage().contains("errandless.documents.scanner"), refused.getMessage());
        assertTrue(refused.getMessage().contains("none or clamd"), refused.getMessage());
    }
}
