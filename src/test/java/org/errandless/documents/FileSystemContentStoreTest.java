package org.errandless.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemContentStoreTest {

    @TempDir
    Path root;

    @Test
    void storesHashesAndReadsFromAnOffset() throws Exception {
        FileSystemContentStore store = new FileSystemContentStore(root);
        byte[] content = new byte[300_000];
        new Random(11).nextBytes(content);
        UUID id = UUID.randomUUID();
        ContentStore.Stored stored = store.put(id, new ByteArrayInputStream(content));
        assertEquals(content.length, stored.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), stored.sha256());
        assertTrue(store.exists(id));
        try (InputStream in = store.open(id, 1000)) {
            byte[] rest = in.readAllBytes();
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 1000, content.length), rest);
        }
        assertEquals(1, files());
        assertTrue(store.delete(id));
        assertFalse(store.exists(id));
        assertEquals(0, files());
    }

    @Test
    void aBrokenStreamLeavesNothing() throws IOException {
        FileSystemContentStore store = new FileSystemContentStore(root);
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream(new byte[100_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("client went away");
            }
        });
        UUID id = UUID.randomUUID();
        assertThrows(IOException.class, () -> store.put(id, broken));
        assertFalse(store.exists(id));
        assertEquals(0, files());
    }

    private long files() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).count();
        }
    }
}
