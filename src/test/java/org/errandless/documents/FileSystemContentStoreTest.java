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
        FileSystemContentStore store = new FileSystemContentStore(root, root.resolve("uploads"));
        byte[] content = new byte[300_000];
        new Random(11).nextBytes(content);
        UUID id = UUID.randomUUID();
        ContentStore.Stored stored = store.put(id, new ByteArrayInputStream(content));
        assertEquals(content.length, stored.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), stored.sha256());
        assertTrue(store.exists(id));
        try (InputStream in = store.open(id, 1000, -1)) {
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
        FileSystemContentStore store = new FileSystemContentStore(root, root.resolve("uploads"));
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

    @Test
    void aFullDiskIsStorageFull() {
        IOException full = new java.nio.file.FileSystemException("/data/x", null, "No space left on device");
        assertTrue(StorageFullException.classify(full) instanceof StorageFullException);
        IOException quota = new IOException("write failed", new IOException("Disk quota exceeded"));
        assertTrue(StorageFullException.classify(quota) instanceof StorageFullException);
        IOException other = new IOException("Permission denied");
        assertEquals(other, StorageFullException.classify(other));
    }

    @Test
    void anUploadIsWrittenInPlaceAndRenamedWhenFinished() throws Exception {
        FileSystemContentStore store = new FileSystemContentStore(root, root.resolve("uploads"));
        byte[] content = new byte[200_000];
        new Random(12).nextBytes(content);
        UUID id = UUID.randomUUID();
        ContentStore.UploadListener none = (buffer, offset, count) -> {
        };
        store.append(new ContentStore.UploadRef(id, content.length, 0, null),
                new ByteArrayInputStream(content, 0, 80_000), 80_000, content.length, none);
        // a crash of the machine lost what the kernel had not written: the store says how much it holds
        try (var channel = java.nio.channels.FileChannel.open(store.uploadPath(id),
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(70_000);
        }
        ContentStore.UploadBytesLost lost = assertThrows(ContentStore.UploadBytesLost.class, () -> store.append(
                new ContentStore.UploadRef(id, content.length, 80_000, null),
                new ByteArrayInputStream(content, 80_000, 120_000), 120_000, 120_000, none));
        assertEquals(70_000, lost.held());
        store.append(new ContentStore.UploadRef(id, content.length, 70_000, null),
                new ByteArrayInputStream(content, 70_000, 130_000), 130_000, 130_000, none);
        store.finishUpload(new ContentStore.UploadRef(id, content.length, content.length, null));
        assertFalse(store.uploadExists(id));
        try (InputStream in = store.open(id, 0, -1)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertEquals(1, files());
    }

    private long files() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).count();
        }
    }
}
