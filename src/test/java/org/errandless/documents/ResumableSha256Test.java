package org.errandless.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The resumable SHA-256 agrees with the JDK's, however the bytes are split and wherever it is saved and restored. */
class ResumableSha256Test {

    static LongStream seeds() {
        return LongStream.range(0, 2_000);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void splitSavedAndRestoredAnywhereItIsTheJdksDigest(long seed) throws Exception {
        Random random = new Random(seed);
        byte[] content = new byte[random.nextInt(seed % 10 == 0 ? 70_000 : 300)];
        random.nextBytes(content);
        ResumableSha256 sha = new ResumableSha256();
        int position = 0;
        while (position < content.length) {
            int count = Math.min(content.length - position, random.nextInt(200));
            sha.update(content, position, count);
            position += count;
            if (random.nextBoolean()) {
                // another instance goes on from the saved state
                sha = ResumableSha256.restore(sha.state());
            }
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertEquals(expected, sha.hex());
        // hex() leaves the state as it was
        assertEquals(expected, sha.hex());
        assertEquals(content.length, sha.length());
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 39, 104 })
    void somethingElseIsNoState(int length) {
        assertThrows(IllegalArgumentException.class, () -> ResumableSha256.restore(new byte[length]));
    }
}
