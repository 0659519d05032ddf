package org.errandless.common.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeysTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
            11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 });

    @TempDir
    Path directory;

    @Test
    void aConfiguredKeyWinsInEveryProfile() {
        for (String profile : List.of("prod", "test", "dev", "demo")) {
            byte[] key = DataKeys.resolve(Optional.of(KEY), directory.resolve("data.key"), List.of(profile));
            assertArrayEquals(Base64.getDecoder().decode(KEY), key);
        }
        assertFalse(Files.exists(directory.resolve("data.key")), "nothing generated when a key is configured");
    }

    @Test
    void prodWithoutAKeyRefusesToStartNamingTheVariable() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> DataKeys.resolve(Optional.empty(), directory.resolve("data.key"), List.of("prod")));
        assertTrue(failure.getMessage().contains("ERRANDLESS_DATA_KEY"), failure.getMessage());
        assertThrows(IllegalStateException.class,
                () -> DataKeys.resolve(Optional.of("  "), directory.resolve("data.key"), List.of("prod")));
        assertThrows(IllegalStateException.class,
                () -> DataKeys.resolve(Optional.empty(), directory.resolve("data.key"), List.of("test")));
        assertFalse(Files.exists(directory.resolve("data.key")));
    }

    @Test
    void devAndDemoGenerateOnceOwnerOnlyAndReuse() throws Exception {
        Path file = directory.resolve("nested/.errandless/data.key");
        byte[] first = DataKeys.resolve(Optional.empty(), file, List.of("dev"));
        assertEquals(32, first.length);
        assertTrue(Files.exists(file));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        byte[] again = DataKeys.resolve(Optional.empty(), file, List.of("demo"));
        assertArrayEquals(first, again, "a restart reads the same key");
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(1, leftovers.count(), "no temporary files left behind");
        }
    }

    @Test
    void malformedKeysAreRefusedWithoutEchoingThem() {
        String tooShort = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> DataKeys.resolve(Optional.of(tooShort), directory.resolve("k"), List.of("prod")));
        assertFalse(shortKey.getMessage().contains(tooShort));
        assertTrue(shortKey.getMessage().contains("ERRANDLESS_DATA_KEY"));
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class,
                () -> DataKeys.resolve(Optional.of("not base64 at all!"), directory.resolve("k"), List.of("prod")));
        assertFalse(notBase64.getMessage().contains("not base64 at all!"));
    }

    @Test
    void aCorruptKeyFileIsNeverReplaced() throws Exception {
        Path file = directory.resolve("data.key");
        Files.writeString(file, "garbage");
        assertThrows(IllegalStateException.class, () -> DataKeys.resolve(Optional.empty(), file, List.of("dev")));
        assertEquals("garbage", Files.readString(file));
    }
}
