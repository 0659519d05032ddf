package org.errandless.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.errandless.support.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.S3Client;

/** The S3 content store against a real S3 API server (S3Proxy). */
class S3ContentStoreTest {

    private static final long PART = S3ContentStore.MIN_PART_SIZE;

    private static S3ProxyServer server;
    private static S3Client client;
    private static S3ContentStore store;

    @BeforeAll
    static void start() {
        server = S3ProxyServer.start("errandless-store-test");
        client = server.client();
        store = new S3ContentStore(client, server.bucket(), "test/", PART);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Collects what the store reports while it appends. */
    private static final class Recorder implements ContentStore.UploadListener {
        final ResumableSha256 sha = new ResumableSha256();
        final List<Long> checkpoints = new ArrayList<>();
        long offset;
        String state;

        @Override
        public void bytes(byte[] buffer, int offset, int count) {
            sha.update(buffer, offset, count);
        }

        @Override
        public void checkpoint(long offset, String state) {
            checkpoints.add(offset);
            this.offset = offset;
            this.state = state;
        }
    }

    @Test
    void putHashesAndReadsRanges() throws Exception {
        byte[] content = random(300_000, 1);
        UUID id = UUID.randomUUID();
        ContentStore.Stored stored = store.put(id, new ByteArrayInputStream(content));
        assertEquals(content.length, stored.size());
        assertEquals(sha256(content), stored.sha256());
        assertTrue(store.exists(id));
        try (InputStream in = store.open(id, 1000, 500)) {
            assertArrayEquals(Arrays.copyOfRange(content, 1000, 1500), in.readAllBytes());
        }
        try (InputStream in = store.open(id, 10, -1)) {
            // a long skip starts a new ranged read
            assertEquals(2_000_000 > content.length ? content.length - 10 : 0, in.skip(2_000_000));
        }
        try (InputStream in = store.open(id, 0, -1)) {
            assertEquals(10, in.skip(10));
            assertArrayEquals(Arrays.copyOfRange(content, 10, content.length), in.readAllBytes());
        }
        assertTrue(store.delete(id));
        assertFalse(store.exists(id));
        assertThrows(NoSuchFileException.class, () -> store.open(id, 0, -1).close());
    }

    @Test
    void anUploadInChunksOfAnySizeBecomesOneObjectWithoutACopy() throws Exception {
        // 2.5 parts, sent in chunks that end inside parts (tails), on part boundaries and across them
        byte[] content = random((int) (2 * PART + PART / 2), 2);
        UUID id = UUID.randomUUID();
        long[] ends = { 1_000_000, PART, PART + 3_000_000, content.length };
        long offset = 0;
        String state = null;
        ResumableSha256 sha = new ResumableSha256();
        for (long end : ends) {
            Recorder recorder = new Recorder();
            ContentStore.Appended appended = store.append(new ContentStore.UploadRef(id, content.length, offset,
                    state), new ByteArrayInputStream(content, (int) offset, (int) (end - offset)), end - offset,
                    content.length - offset, recorder);
            assertEquals(end - offset, appended.bytes());
            assertFalse(appended.interrupted());
            assertEquals(end, recorder.offset, "the last checkpoint is the chunk's end");
            byte[] chunk = Arrays.copyOfRange(content, (int) offset, (int) end);
            sha.update(chunk, 0, chunk.length);
            offset = end;
            // every chunk continues from the recorded state alone, as another instance would
            state = appended.state();
        }
        assertTrue(TestStores.uploadBytesExist(store, id));
        store.finishUpload(new ContentStore.UploadRef(id, content.length, content.length, state));
        assertEquals(sha256(content), sha.hex());
        try (InputStream in = store.open(id, 0, -1)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertFalse(TestStores.uploadBytesExist(store, id), "tails or multipart uploads were left behind");
    }

    @Test
    void aSmallFileInOnePatchIsOnePut() throws Exception {
        byte[] content = random(70_000, 3);
        UUID id = UUID.randomUUID();
        Recorder recorder = new Recorder();
        ContentStore.Appended appended = store.append(new ContentStore.UploadRef(id, content.length, 0, null),
                new ByteArrayInputStream(content), content.length, content.length, recorder);
        assertTrue(store.exists(id));
        assertEquals(sha256(content), recorder.sha.hex());
        store.finishUpload(new ContentStore.UploadRef(id, content.length, content.length, appended.state()));
        try (InputStream in = store.open(id, 0, -1)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void aBrokenConnectionKeepsWhatWentUpToTheLastCheckpoint() throws Exception {
        byte[] content = random((int) (PART + 2_000_000), 4);
        UUID id = UUID.randomUUID();
        // the client announces everything, and its connection breaks 1 MB into the second part
        InputStream breaking = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position >= PART + 1_000_000) {
                    throw new IOException("connection reset");
                }
                int count = (int) Math.min(length, PART + 1_000_000 - position);
                System.arraycopy(content, position, buffer, offset, count);
                position += count;
                return count;
            }
        };
        Recorder recorder = new Recorder();
        ContentStore.Appended appended = store.append(new ContentStore.UploadRef(id, content.length, 0, null),
                breaking, content.length, content.length, recorder);
        assertTrue(appended.interrupted());
        assertEquals(PART, appended.bytes());
        assertEquals(List.of(PART), recorder.checkpoints);
        // another instance goes on from the recorded offset and state
        Recorder rest = new Recorder();
        ContentStore.Appended second = store.append(new ContentStore.UploadRef(id, content.length, PART,
                appended.state()), new ByteArrayInputStream(content, (int) PART, content.length - (int) PART),
                content.length - PART, content.length - PART, rest);
        assertEquals(content.length - PART, second.bytes());
        store.finishUpload(new ContentStore.UploadRef(id, content.length, content.length, second.state()));
        try (InputStream in = store.open(id, 0, -1)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void aLostTailIsReportedWithWhatIsHeld() throws Exception {
        byte[] content = random(3_000_000, 5);
        UUID id = UUID.randomUUID();
        Recorder recorder = new Recorder();
        ContentStore.Appended first = store.append(new ContentStore.UploadRef(id, content.length, 0, null),
                new ByteArrayInputStream(content, 0, 1_000_000), 1_000_000, content.length, recorder);
        client.deleteObject(b -> b.bucket(server.bucket()).key("test/uploads/" + id + "/1000000"));
        ContentStore.UploadBytesLost lost = assertThrows(ContentStore.UploadBytesLost.class, () -> store.append(
                new ContentStore.UploadRef(id, content.length, 1_000_000, first.state()),
                new ByteArrayInputStream(content, 1_000_000, 2_000_000), 2_000_000, 2_000_000, new Recorder()));
        assertEquals(0, lost.held());
    }

    @Test
    void abortingRemovesTailsAndTheMultipartUpload() throws Exception {
        byte[] content = random((int) (PART + 1_000_000), 6);
        UUID id = UUID.randomUUID();
        ContentStore.Appended appended = store.append(new ContentStore.UploadRef(id, content.length + 10, 0, null),
                new ByteArrayInputStream(content), content.length, content.length + 10, new Recorder());
        assertTrue(TestStores.uploadBytesExist(store, id));
        store.abortUpload(id, appended.state());
        assertFalse(TestStores.uploadBytesExist(store, id));
    }

    @Test
    void theSweepRemovesOnlyWhatNoRowReferences() throws Exception {
        UUID kept = UUID.randomUUID();
        UUID orphan = UUID.randomUUID();
        UUID abandoned = UUID.randomUUID();
        store.put(kept, new ByteArrayInputStream(random(1000, 7)));
        store.put(orphan, new ByteArrayInputStream(random(1000, 8)));
        store.append(new ContentStore.UploadRef(abandoned, PART * 2, 0, null),
                new ByteArrayInputStream(random((int) PART + 10, 9)), PART + 10, PART * 2, new Recorder());
        // nothing is older than a minute ago: a sweep with that grace touches nothing
        assertEquals(0, store.sweep(Instant.now().minusSeconds(60), ids -> Set.of()));
        int removed = store.sweep(Instant.now().plusSeconds(60), ids -> ids.contains(kept) ? Set.of(kept) : Set.of());
        assertTrue(removed >= 3, "removed " + removed);
        assertTrue(store.exists(kept));
        assertFalse(store.exists(orphan));
        assertFalse(TestStores.uploadBytesExist(store, abandoned));
        assertNotNull(client);
    }
}
