package org.errandless.identity.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Recovery codes: ten distinct codes of the alphabet, tolerant normalisation, hashes bound to key and account. */
class RecoveryCodesTest {

    @RepeatedTest(50)
    void aSetIsTenDistinctCodesWithoutLookAlikes() {
        List<String> codes = RecoveryCodes.generate();
        assertEquals(RecoveryCodes.COUNT, codes.size());
        assertEquals(RecoveryCodes.COUNT, new HashSet<>(codes).size());
        for (String code : codes) {
            assertTrue(code.matches("[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}"), code);
            assertEquals(Optional.of(code.replace("-", "")), RecoveryCodes.normalise(code));
        }
    }

    @Test
    void normalisationIgnoresCaseSpacesAndHyphensAndRefusesTheRest() {
        assertEquals(Optional.of("ABCDEFGHJK"), RecoveryCodes.normalise(" abcde fghjk "));
        assertEquals(Optional.of("ABCDEFGHJK"), RecoveryCodes.normalise("ab-cde-fgh-jk"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCDE-FGHJ"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCDE-FGHJ0"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCDE-FGHJI"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise(null));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("123456"));
    }

    @Test
    void hashesDependOnTheKeyAndTheAccount() {
        UUID account = UUID.randomUUID();
        String hash = new RecoveryCodes(new byte[32]).hash(account, "ABCDEFGHJK");
        assertEquals(43, hash.length());
        assertEquals(hash, new RecoveryCodes(new byte[32]).hash(account, "ABCDEFGHJK"));
        assertNotEquals(hash, new RecoveryCodes(new byte[32]).hash(UUID.randomUUID(), "ABCDEFGHJK"));
        byte[] other = new byte[32];
        other[0] = 1;
        assertNotEquals(hash, new RecoveryCodes(other).hash(account, "ABCDEFGHJK"));
    }
}
