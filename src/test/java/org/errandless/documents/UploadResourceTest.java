package org.errandless.documents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.security.Roles;
import org.errandless.common.time.TestBusinessClock;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class UploadResourceTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String UPLOADS = "/api/v1/uploads";
    private static final String OCTETS = "application/offset+octet-stream";

    @Inject
    ContentStore store;
    @Inject
    ContentSweep sweep;
    @Inject
    UploadService uploads;

    static RequestSpecification tus(TestCitizens.SignedIn citizen) {
        return given().auth().oauth2(citizen.accessToken()).header("Tus-Resumable", "1.0.0");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static UUID create(TestCitizens.SignedIn citizen, long length, String filename) {
        String location = tus(citizen).header("Upload-Length", length)
                .header("Upload-Metadata", "filename " + b64(filename) + ",filetype " + b64("image/jpeg"))
                .post(UPLOADS).then().statusCode(201)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Expires", notNullValue())
                .header("Location", matchesPattern("http://[^/]+" + UPLOADS + "/[0-9a-f-]{36}"))
                .extract().header("Location");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    static Response patch(TestCitizens.SignedIn citizen, UUID id, long offset, byte[] chunk) {
        return tus(citizen).header("Upload-Offset", offset).contentType(OCTETS).body(chunk)
                .patch(UPLOADS + "/" + id);
    }

    static long offset(TestCitizens.SignedIn citizen, UUID id) {
        return Long.parseLong(tus(citizen).head(UPLOADS + "/" + id).then().statusCode(200)
                .header("Cache-Control", "no-store").extract().header("Upload-Offset"));
    }

    /** HEAD of a finished upload: 200 with the offset at the length for its owner, 404 for anybody else. */
    static void assertFinished(TestCitizens.SignedIn owner, UUID id, long length) {
        tus(owner).head(UPLOADS + "/" + id).then().statusCode(200).header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", String.valueOf(length)).header("Upload-Length", String.valueOf(length))
                .header("Cache-Control", "no-store");
        tus(TestCitizens.signIn()).head(UPLOADS + "/" + id).then().statusCode(404);
    }

    static String hex(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * An instance died while it wrote a chunk: its lease is still on the row and (in the file store) bytes it never
     * recorded are in the file. HEAD reports the recorded offset; once the lease has run out, the client's retry
     * (here, as on any other instance) goes on from there and the document is exactly the file.
     */
    static void resumesAfterAnInstanceDiedMidChunk(ContentStore store) {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(900_000);
        UUID id = create(citizen, pdf.length, "a.pdf");
        patch(citizen, id, 0, Arrays.copyOfRange(pdf, 0, 300_000)).then().statusCode(204);
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "update resumable_upload set lease_token = gen_random_uuid(), "
                        + "lease_until = clock_timestamp() + interval '1 hour' where id = :id")
                .setParameter("id", id).executeUpdate());
        if (TestStores.actual(store) instanceof FileSystemContentStore files) {
            try (var out = Files.newOutputStream(files.uploadPath(id), java.nio.file.StandardOpenOption.APPEND)) {
                out.write(new byte[123_456]);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertEquals(300_000, offset(citizen, id));
        // while the dead instance's lease lasts, nobody else writes
        patch(citizen, id, 300_000, Arrays.copyOfRange(pdf, 300_000, pdf.length)).then().statusCode(409)
                .body("code", equalTo("upload-offset-mismatch"));
        // the lease runs out (nobody renews it any more)
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "update resumable_upload set lease_until = clock_timestamp() - interval '1 second' where id = :id")
                .setParameter("id", id).executeUpdate());
        assertEquals(300_000, offset(citizen, id));
        patch(citizen, id, 300_000, Arrays.copyOfRange(pdf, 300_000, pdf.length)).then().statusCode(204)
                .header("Upload-Offset", String.valueOf(pdf.length));
        assertArrayEquals(pdf, given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id
                + "/content").then().statusCode(200).extract().asByteArray());
    }

    @Test
    void anInstanceDyingMidChunkIsResumedFromWhatHeadReports() {
        resumesAfterAnInstanceDiedMidChunk(store);
    }

    /**
     * A disk that stalls in the middle of a PATCH holds up that upload only: its bytes are written off the HTTP I/O
     * threads, so the I/O thread that serves the upload's connection runs other work meanwhile, and other requests
     * are answered. Once the disk goes on, the upload finishes whole.
     */
    @Test
    void aStalledDiskHoldsUpNeitherTheIoThreadNorOtherRequests() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(1_500_000);
        UUID id = create(citizen, pdf.length, "a.pdf");
        StalledContentStore stalled = new StalledContentStore(TestStores.actual(store));
        QuarkusMock.installMockForType(stalled, ContentStore.class);
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<Response> patched = client.submit(() -> patch(citizen, id, 0, pdf));
            try {
                assertTrue(stalled.writing.await(30, TimeUnit.SECONDS), "the PATCH never wrote");
                assertFalse(stalled.writerOnEventLoop, "the upload's bytes were written on an HTTP I/O thread");
                assertNotNull(stalled.writerContext, "the write ran outside the request's Vert.x context");
                // the event loop that serves the upload's connection is free while its disk stalls
                CountDownLatch loopFree = new CountDownLatch(1);
                stalled.writerContext.runOnContext(ignored -> loopFree.countDown());
                assertTrue(loopFree.await(10, TimeUnit.SECONDS), "the upload's I/O thread waits for its disk");
                // and other requests are answered meanwhile (each on a new connection: on every event loop in turn)
                for (int i = 0; i < 8; i++) {
                    given().header("Connection", "close").get("/q/health/live").then().statusCode(200);
                }
                given().get("/api/v1/services").then().statusCode(200);
                assertFalse(patched.isDone(), "the PATCH was answered before its bytes were written");
            } finally {
                stalled.release.countDown();
            }
            patched.get(60, TimeUnit.SECONDS).then().statusCode(204)
                    .header("Upload-Offset", String.valueOf(pdf.length));
        } finally {
            client.shutdownNow();
            QuarkusMock.installMockForType(TestStores.actual(store), ContentStore.class);
        }
        assertArrayEquals(pdf, given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id
                + "/content").then().statusCode(200).extract().asByteArray());
    }

    @Test
    void aFullStoreAnswers507AndTheUploadGoesOnLater() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(200_000);
        UUID id = create(citizen, pdf.length, "a.pdf");
        patch(citizen, id, 0, Arrays.copyOfRange(pdf, 0, 50_000)).then().statusCode(204);
        ContentStore real = TestStores.actual(store);
        QuarkusMock.installMockForType(new FullContentStore(real, 100_000), ContentStore.class);
        patch(citizen, id, 50_000, Arrays.copyOfRange(pdf, 50_000, pdf.length)).then().statusCode(507)
                .contentType(PROBLEM).header("Tus-Resumable", "1.0.0").body("code", equalTo("insufficient-storage"))
                .body("status", equalTo(507));
        assertEquals(50_000, offset(citizen, id));
        assertFileStoreHolds(id, 50_000);
        // room again: the same chunk goes on from where it was
        QuarkusMock.installMockForType(real, ContentStore.class);
        patch(citizen, id, 50_000, Arrays.copyOfRange(pdf, 50_000, pdf.length)).then().statusCode(204);
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("sha256", equalTo(hex(pdf)));
    }

    @Test
    void theSweepRemovesBytesNoRowRefersTo() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(5_000);
        UUID kept = create(citizen, pdf.length, "a.pdf");
        patch(citizen, kept, 0, pdf).then().statusCode(204);
        UUID live = create(citizen, 1_000, "b.pdf");
        patch(citizen, live, 0, new byte[100]).then().statusCode(204);
        // bytes an instance left behind when it died: a document without a row, an upload without a row
        UUID orphan = UUID.randomUUID();
        store.put(orphan, new java.io.ByteArrayInputStream(pdf));
        FileSystemContentStore files = (FileSystemContentStore) TestStores.actual(store);
        UUID abandoned = UUID.randomUUID();
        Files.write(files.uploadPath(abandoned), new byte[10]);
        // nothing is swept within the grace period
        sweep.sweep(java.time.Instant.now().minus(java.time.Duration.ofHours(1)));
        assertTrue(store.exists(orphan));
        sweep.sweep(java.time.Instant.now().plusSeconds(60));
        assertFalse(store.exists(orphan), "the orphaned document's bytes are still there");
        assertFalse(Files.exists(files.uploadPath(abandoned)), "the abandoned upload's bytes are still there");
        assertTrue(store.exists(kept));
        assertTrue(TestStores.uploadBytesExist(store, live));
        assertEquals(100, offset(citizen, live));
    }

    private static String digest(String algorithm, byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void optionsAdvertisesTheServer() {
        given().options(UPLOADS).then().statusCode(204)
                .header("Tus-Resumable", "1.0.0")
                .header("Tus-Version", "1.0.0")
                .header("Tus-Max-Size", String.valueOf(2 * 1024 * 1024))
                .header("Tus-Extension", "creation,creation-with-upload,checksum,expiration,termination")
                .header("Tus-Checksum-Algorithm", "sha1,sha256");
    }

    @Test
    void threePatchesWithADisconnectBecomeTheDocumentWithTheSameId() throws Exception {
        var citizen = TestCitizens.signIn();
        // larger than the JSON API's 1 MB body limit: PATCH bodies up to the document limit must pass
        byte[] pdf = TestFiles.pdf(1_500_000);
        UUID id = create(citizen, pdf.length, "户口本.pdf");
        assertEquals(0, offset(citizen, id));

        patch(citizen, id, 0, Arrays.copyOfRange(pdf, 0, 500_000)).then().statusCode(204)
                .header("Tus-Resumable", "1.0.0").header("Upload-Offset", "500000")
                .header("Upload-Expires", "Thu, 01 Oct 2026 02:00:00 GMT");

        // the second PATCH announces 600 000 bytes, sends 300 000 and the connection is cut once the server is
        // writing them (cut before it read the request, the reset would discard the request unseen)
        CountDownLatch started = UploadEvents.started(id);
        CountDownLatch ended = UploadEvents.ended(id);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + UPLOADS + "/" + id + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + citizen.accessToken() + "\r\nTus-Resumable: 1.0.0\r\n"
                    + "Upload-Offset: 500000\r\nContent-Type: " + OCTETS + "\r\nContent-Length: 600000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(pdf, 500_000, 300_000);
            out.flush();
            assertTrue(started.await(60, TimeUnit.SECONDS), "the server did not start the PATCH");
            socket.setSoLinger(true, 0);
        }
        assertTrue(ended.await(60, TimeUnit.SECONDS), "the server did not notice the cut connection");
        long resumeAt = offset(citizen, id);
        assertTrue(resumeAt >= 500_000 && resumeAt <= 800_000, "offset after the cut: " + resumeAt);

        patch(citizen, id, resumeAt, Arrays.copyOfRange(pdf, (int) resumeAt, pdf.length)).then().statusCode(204)
                .header("Upload-Offset", String.valueOf(pdf.length));

        // the finished upload is the document with the same id; HEAD tells its owner it is complete
        assertFinished(citizen, id, pdf.length);
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("filename", equalTo("户口本.pdf"))
                .body("contentType", equalTo("application/pdf"))
                .body("size", equalTo(pdf.length));
        byte[] content = given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id + "/content")
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(pdf, content);
        assertFalse(TestStores.uploadBytesExist(store, id), "the partial file outlived the upload");
    }

    @Test
    void creationWithUploadAndChecksums() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] png = TestFiles.image("png", 64, 48);
        int half = png.length / 2;
        String location = tus(citizen).header("Upload-Length", png.length)
                .header("Upload-Checksum", "sha1 " + digest("SHA-1", Arrays.copyOfRange(png, 0, half)))
                .contentType(OCTETS).body(Arrays.copyOfRange(png, 0, half))
                .post(UPLOADS).then().statusCode(201).header("Upload-Offset", String.valueOf(half))
                .extract().header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        byte[] rest = Arrays.copyOfRange(png, half, png.length);
        tus(citizen).header("Upload-Offset", half).header("Upload-Checksum", "sha256 " + digest("SHA-256", rest))
                .contentType(OCTETS).body(rest).patch(UPLOADS + "/" + id).then().statusCode(204)
                .header("Upload-Offset", String.valueOf(png.length));
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("contentType", equalTo("image/png")).body("width", equalTo(64))
                .body("filename", equalTo("document"));
    }

    @Test
    void aChunkFailingItsChecksumIsDiscarded() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(10_000);
        UUID id = create(citizen, pdf.length, "a.pdf");
        patch(citizen, id, 0, Arrays.copyOfRange(pdf, 0, 4_000)).then().statusCode(204);
        byte[] chunk = Arrays.copyOfRange(pdf, 4_000, 8_000);
        byte[] other = chunk.clone();
        other[0] ^= 1;
        tus(citizen).header("Upload-Offset", 4_000).header("Upload-Checksum", "sha256 " + digest("SHA-256", other))
                .contentType(OCTETS).body(chunk).patch(UPLOADS + "/" + id).then().statusCode(460)
                .contentType(PROBLEM).header("Tus-Resumable", "1.0.0").body("code", equalTo("checksum-mismatch"));
        assertEquals(4_000, offset(citizen, id));
        assertFileStoreHolds(id, 4_000);
        tus(citizen).header("Upload-Offset", 4_000).header("Upload-Checksum", "md5 " + b64("0123456789abcdef"))
                .contentType(OCTETS).body(chunk).patch(UPLOADS + "/" + id).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("Upload-Checksum"))
                .body("invalidParams[0].code", equalTo("checksum-algorithm-unsupported"));
        tus(citizen).header("Upload-Offset", 4_000).header("Upload-Checksum", "sha1 " + digest("SHA-1", chunk))
                .contentType(OCTETS).body(chunk).patch(UPLOADS + "/" + id).then().statusCode(204)
                .header("Upload-Offset", "8000");
    }

    @Test
    void aChunkedBodyIsTakenAsItArrivesAndRefusedWholeBeyondTheLength() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(300_000);
        UUID id = create(citizen, pdf.length, "a.pdf");
        // a stream of unknown length: sent chunked, without Content-Length
        tus(citizen).header("Upload-Offset", 0).contentType(OCTETS)
                .body(new ByteArrayInputStream(Arrays.copyOfRange(pdf, 0, 200_000))).patch(UPLOADS + "/" + id)
                .then().statusCode(204).header("Upload-Offset", "200000");
        // one byte more than the upload's length leaves: nothing of it is kept
        byte[] tooMuch = Arrays.copyOf(Arrays.copyOfRange(pdf, 200_000, pdf.length), 100_001);
        tus(citizen).header("Upload-Offset", 200_000).contentType(OCTETS).body(new ByteArrayInputStream(tooMuch))
                .patch(UPLOADS + "/" + id).then().statusCode(413).contentType(PROBLEM)
                .header("Tus-Resumable", "1.0.0").body("code", equalTo("document-too-large"));
        assertEquals(200_000, offset(citizen, id));
        assertFileStoreHolds(id, 200_000);
        tus(citizen).header("Upload-Offset", 200_000).contentType(OCTETS)
                .body(new ByteArrayInputStream(Arrays.copyOfRange(pdf, 200_000, pdf.length)))
                .patch(UPLOADS + "/" + id).then().statusCode(204).header("Upload-Offset", String.valueOf(pdf.length));
        assertFinished(citizen, id, pdf.length);
        assertArrayEquals(pdf, given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id
                + "/content").then().statusCode(200).extract().asByteArray());
    }

    @Test
    void aClientThatExpects100ContinueGetsItBeforeItSendsTheBody() throws Exception {
        // curl sends Expect: 100-continue with bodies above 1 MB and waits a second for the answer before it sends
        // the body anyway; other clients may wait longer
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(20_000);
        UUID id = create(citizen, pdf.length, "a.pdf");
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + UPLOADS + "/" + id + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + citizen.accessToken() + "\r\nTus-Resumable: 1.0.0\r\n"
                    + "Upload-Offset: 0\r\nContent-Type: " + OCTETS + "\r\nContent-Length: " + pdf.length
                    + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder interim = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                interim.append((char) b);
            }
            assertEquals("HTTP/1.1 100 Continue", interim.toString().trim());
            out.write(pdf);
            out.flush();
            String answer = new String(readAll(in), StandardCharsets.ISO_8859_1);
            assertTrue(answer.contains("HTTP/1.1 204"), answer);
        }
        assertFinished(citizen, id, pdf.length);
    }

    /**
     * The 100 comes as soon as the headers are acceptable, not after the lease's statement (RFC 9110 10.1.1: a final
     * status when the headers decide it, else an immediate 100): here another transaction holds the upload's row, so
     * the lease cannot be taken until it ends, and the 100 must arrive meanwhile. Failed before the early answer (the
     * 100 waited for the lease).
     */
    @Test
    void aPatchThatExpectsContinueGetsItBeforeTheLeaseIsTaken() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(20_000);
        UUID id = create(citizen, pdf.length, "a.pdf");
        try (java.sql.Connection holder = org.errandless.support.Databases.application();
                Socket socket = new Socket("localhost", RestAssured.port)) {
            holder.setAutoCommit(false);
            try (var lock = holder.prepareStatement("select id from resumable_upload where id = ? for update")) {
                lock.setObject(1, id);
                lock.executeQuery().close();
            }
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + UPLOADS + "/" + id + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + citizen.accessToken() + "\r\nTus-Resumable: 1.0.0\r\n"
                    + "Upload-Offset: 0\r\nContent-Type: " + OCTETS + "\r\nContent-Length: " + pdf.length
                    + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertEquals("HTTP/1.1 100 Continue", statusLine(in), "no 100 while the upload's row was held");
            holder.rollback();
            out.write(pdf);
            out.flush();
            String answer = new String(readAll(in), StandardCharsets.ISO_8859_1);
            assertTrue(answer.contains("HTTP/1.1 204"), answer);
        }
        assertFinished(citizen, id, pdf.length);
    }

    /** Headers that decide the answer get it at once, with no 100: the client never sends the body. */
    @Test
    void aPatchThatExpectsContinueGetsNoContinueWhenItsHeadersAreRefused() throws Exception {
        var citizen = TestCitizens.signIn();
        UUID id = create(citizen, 20_000, "a.pdf");
        String common = "PATCH " + UPLOADS + "/" + id + " HTTP/1.1\r\nHost: localhost\r\nUpload-Offset: 0\r\n"
                + "Content-Length: 20000\r\nExpect: 100-continue\r\nConnection: close\r\n";
        String bearer = "Authorization: Bearer " + citizen.accessToken() + "\r\n";
        // no token; another protocol version; another content type
        assertEquals("HTTP/1.1 401 Unauthorized", firstAnswer(common + "Tus-Resumable: 1.0.0\r\nContent-Type: "
                + OCTETS + "\r\n\r\n"));
        assertEquals("HTTP/1.1 412 Precondition Failed", firstAnswer(common + bearer + "Tus-Resumable: 0.2.2\r\n"
                + "Content-Type: " + OCTETS + "\r\n\r\n"));
        assertEquals("HTTP/1.1 415 Unsupported Media Type", firstAnswer(common + bearer + "Tus-Resumable: 1.0.0\r\n"
                + "Content-Type: application/json\r\n\r\n"));
        assertEquals(0, offset(citizen, id));
    }

    private static String firstAnswer(String head) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return statusLine(socket.getInputStream());
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().trim();
    }

    @Test
    void aPatchWithAnIdempotencyKeyStillStoresItsBytesWhole() {
        // only POSTs take Idempotency-Key; a tus client that sends one on a PATCH must not lose the body to it
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(80_000);
        UUID id = create(citizen, pdf.length, "a.pdf");
        tus(citizen).header("Idempotency-Key", UUID.randomUUID().toString()).header("Upload-Offset", 0)
                .contentType(OCTETS).body(pdf).patch(UPLOADS + "/" + id).then().statusCode(204)
                .header("Upload-Offset", String.valueOf(pdf.length));
        assertArrayEquals(pdf, given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id
                + "/content").then().statusCode(200).extract().asByteArray());
    }

    @Test
    void aWrongOffsetIsAConflict() {
        var citizen = TestCitizens.signIn();
        UUID id = create(citizen, 1_000, "a.pdf");
        patch(citizen, id, 100, new byte[10]).then().statusCode(409).contentType(PROBLEM)
                .header("Tus-Resumable", "1.0.0").body("code", equalTo("upload-offset-mismatch"));
        assertEquals(0, offset(citizen, id));
        tus(citizen).contentType(OCTETS).body(new byte[10]).patch(UPLOADS + "/" + id).then().statusCode(400)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("Upload-Offset"));
        tus(citizen).header("Upload-Offset", 0).contentType("application/json").body("{}")
                .patch(UPLOADS + "/" + id).then().statusCode(415).contentType(PROBLEM)
                .body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void aSecondPatchWhileTheFirstIsWritingIsRefused() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(20_000);
        UUID id = create(citizen, pdf.length, "a.pdf");
        CountDownLatch started = UploadEvents.started(id);
        CountDownLatch ended = UploadEvents.ended(id);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + UPLOADS + "/" + id + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + citizen.accessToken() + "\r\nTus-Resumable: 1.0.0\r\n"
                    + "Upload-Offset: 0\r\nContent-Type: " + OCTETS + "\r\nContent-Length: 10000\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(pdf, 0, 5_000);
            out.flush();
            assertTrue(started.await(60, TimeUnit.SECONDS), "the first PATCH did not start");

            patch(citizen, id, 0, Arrays.copyOfRange(pdf, 0, 10_000)).then().statusCode(409)
                    .contentType(PROBLEM).body("code", equalTo("upload-offset-mismatch"));

            out.write(pdf, 5_000, 5_000);
            out.flush();
            String answer = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 204"), answer);
            assertTrue(answer.toLowerCase().contains("upload-offset: 10000"), answer);
        }
        assertTrue(ended.await(60, TimeUnit.SECONDS));
        assertEquals(10_000, offset(citizen, id));
        if (TestStores.actual(store) instanceof FileSystemContentStore files) {
            assertArrayEquals(Arrays.copyOfRange(pdf, 0, 10_000), Files.readAllBytes(files.uploadPath(id)));
        }
    }

    @Test
    void versionsOtherThan100AreRefused() {
        var citizen = TestCitizens.signIn();
        given().auth().oauth2(citizen.accessToken()).header("Tus-Resumable", "0.2.2").header("Upload-Length", 10)
                .post(UPLOADS).then().statusCode(412).contentType(PROBLEM)
                .header("Tus-Version", "1.0.0").header("Tus-Resumable", "1.0.0")
                .body("code", equalTo("tus-version-unsupported"));
        UUID id = create(citizen, 10, "a.pdf");
        given().auth().oauth2(citizen.accessToken()).header("Upload-Offset", 0).contentType(OCTETS)
                .body(new byte[1]).patch(UPLOADS + "/" + id).then().statusCode(412)
                .body("code", equalTo("tus-version-unsupported"));
        given().auth().oauth2(citizen.accessToken()).head(UPLOADS + "/" + id).then().statusCode(412)
                .header("Tus-Version", "1.0.0");
    }

    @Test
    void unfinishedUploadsExpireAndThePurgeRemovesThem() throws Exception {
        var citizen = TestCitizens.signIn();
        UUID id = create(citizen, 1_000, "a.pdf");
        tus(citizen).head(UPLOADS + "/" + id).then().statusCode(200)
                .header("Upload-Expires", "Thu, 01 Oct 2026 02:00:00 GMT");
        patch(citizen, id, 0, new byte[100]).then().statusCode(204);
        assertTrue(TestStores.uploadBytesExist(store, id));

        // nothing is purged before its time
        uploads.purgeExpired();
        assertEquals(100, offset(citizen, id));

        // a day on: 2026-10-01T02:00:00Z, when it expires
        TestBusinessClock.advanceDays(1);
        try {
            tus(citizen).head(UPLOADS + "/" + id).then().statusCode(410).header("Tus-Resumable", "1.0.0");
            patch(citizen, id, 100, new byte[100]).then().statusCode(410).contentType(PROBLEM)
                    .body("code", equalTo("upload-expired"));

            assertTrue(uploads.purgeExpired() >= 1);
            assertFalse(TestStores.uploadBytesExist(store, id), "the expired upload's bytes are still there");
            tus(citizen).head(UPLOADS + "/" + id).then().statusCode(404);
        } finally {
            TestBusinessClock.reset();
        }
    }

    @Test
    void terminationDeletesTheUploadAndItsBytes() {
        var citizen = TestCitizens.signIn();
        UUID id = create(citizen, 1_000, "a.pdf");
        patch(citizen, id, 0, new byte[300]).then().statusCode(204);
        assertTrue(TestStores.uploadBytesExist(store, id));
        tus(citizen).delete(UPLOADS + "/" + id).then().statusCode(204).header("Tus-Resumable", "1.0.0");
        assertFalse(TestStores.uploadBytesExist(store, id));
        tus(citizen).head(UPLOADS + "/" + id).then().statusCode(404);
        patch(citizen, id, 300, new byte[1]).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        tus(citizen).delete(UPLOADS + "/" + id).then().statusCode(404);
    }

    @Test
    void someoneElsesUploadIsNotFound() {
        var owner = TestCitizens.signIn();
        var stranger = TestCitizens.signIn();
        UUID id = create(owner, 1_000, "a.pdf");
        patch(owner, id, 0, new byte[10]).then().statusCode(204);
        tus(stranger).head(UPLOADS + "/" + id).then().statusCode(404);
        patch(stranger, id, 10, new byte[10]).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        tus(stranger).delete(UPLOADS + "/" + id).then().statusCode(404).body("code", equalTo("not-found"));
        assertEquals(10, offset(owner, id));
        // an id that is not a UUID names no upload either
        tus(owner).head(UPLOADS + "/not-a-uuid").then().statusCode(404);
    }

    @Test
    void withoutATokenOrAsStaffNothingHappens() {
        var owner = TestCitizens.signIn();
        UUID id = create(owner, 1_000, "a.pdf");
        given().header("Tus-Resumable", "1.0.0").header("Upload-Length", 10).post(UPLOADS).then()
                .statusCode(401).contentType(PROBLEM).header("Tus-Resumable", "1.0.0")
                .header("WWW-Authenticate", containsString("Bearer")).body("code", equalTo("unauthorized"));
        given().header("Tus-Resumable", "1.0.0").head(UPLOADS + "/" + id).then().statusCode(401);
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 0).contentType(OCTETS).body(new byte[1])
                .patch(UPLOADS + "/" + id).then().statusCode(401).body("code", equalTo("unauthorized"));
        given().header("Tus-Resumable", "1.0.0").delete(UPLOADS + "/" + id).then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "50010301").accessToken())
                .header("Tus-Resumable", "1.0.0").header("Upload-Length", 10).post(UPLOADS).then()
                .statusCode(403).body("code", equalTo("forbidden"));
        assertEquals(0, offset(owner, id));
    }

    @Test
    void aLyingFileIsRefusedAtTheEndAndLeavesNothing() throws IOException {
        var citizen = TestCitizens.signIn();
        byte[] html = TestFiles.html();
        UUID id = create(citizen, html.length, "photo.jpg");
        patch(citizen, id, 0, Arrays.copyOfRange(html, 0, 20)).then().statusCode(204);
        patch(citizen, id, 20, Arrays.copyOfRange(html, 20, html.length)).then().statusCode(415)
                .contentType(PROBLEM).header("Tus-Resumable", "1.0.0")
                .body("code", equalTo("document-type-not-allowed"));
        tus(citizen).head(UPLOADS + "/" + id).then().statusCode(404);
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id).then().statusCode(404);
        assertFalse(TestStores.uploadBytesExist(store, id), "the refused upload's bytes are still in the upload area");
        assertFalse(store.exists(id), "the refused upload's bytes are in the document store");
    }

    @Test
    void lengthsBeyondTheLimitsAreRefused() {
        var citizen = TestCitizens.signIn();
        tus(citizen).header("Upload-Length", 2 * 1024 * 1024 + 1).post(UPLOADS).then().statusCode(413)
                .contentType(PROBLEM).body("code", equalTo("document-too-large"));
        tus(citizen).header("Upload-Length", 0).post(UPLOADS).then().statusCode(415)
                .body("code", equalTo("document-type-not-allowed"));
        tus(citizen).post(UPLOADS).then().statusCode(400).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("Upload-Length"));
        tus(citizen).header("Upload-Defer-Length", 1).post(UPLOADS).then().statusCode(400)
                .body("invalidParams[0].name", equalTo("Upload-Defer-Length"));
        tus(citizen).header("Upload-Length", 10).header("Upload-Metadata", "filename not*base64").post(UPLOADS)
                .then().statusCode(400).body("invalidParams[0].name", equalTo("Upload-Metadata"));
        UUID id = create(citizen, 100, "a.pdf");
        patch(citizen, id, 0, new byte[101]).then().statusCode(413).contentType(PROBLEM)
                .header("Tus-Resumable", "1.0.0").body("code", equalTo("document-too-large"));
        assertEquals(0, offset(citizen, id));
    }

    @Test
    void unfinishedUploadsCountAgainstTheQuota() {
        // the test quota is 4 MB: two unfinished uploads of 2 MB leave no room for a third byte
        var citizen = TestCitizens.signIn();
        UUID first = create(citizen, 2 * 1024 * 1024, "a.pdf");
        create(citizen, 2 * 1024 * 1024, "b.pdf");
        tus(citizen).header("Upload-Length", 1).post(UPLOADS).then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("document-quota-exceeded"));
        tus(citizen).delete(UPLOADS + "/" + first).then().statusCode(204);
        create(citizen, 1, "c.pdf");
    }

    /**
     * The creation takes the owner's quota lock and counts the usage in one round trip (two statements, one sync): the
     * usage must still be read after the lock is granted, so that what its previous holder committed counts. Here
     * another transaction holds the lock while it adds an upload that fills the quota; the creation waits for the lock
     * (seen in {@code pg_locks}), and once that transaction commits it must find no room.
     */
    @Test
    void aCreationCountsWhatTheQuotaLocksPreviousHolderCommitted() throws Exception {
        var citizen = TestCitizens.signIn();
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (java.sql.Connection holder = org.errandless.support.Databases.application()) {
            holder.setAutoCommit(false);
            try (var lock = holder.prepareStatement(DocumentService.QUOTA_LOCK);
                    var fill = holder.prepareStatement("""
                            insert into resumable_upload (id, owner_id, upload_length, upload_offset, filename,
                                                          created_at, expires_at)
                            values (?, ?, ?, 0, 'held.pdf', now(), now() + interval '1 day')""")) {
                lock.setString(1, DocumentService.quotaKey(citizen.accountId()));
                lock.execute();
                fill.setObject(1, UUID.randomUUID());
                fill.setObject(2, citizen.accountId());
                fill.setLong(3, 4L * 1024 * 1024);
                fill.executeUpdate();
            }
            Future<Response> creation = client.submit(() -> tus(citizen).header("Upload-Length", 1).post(UPLOADS));
            awaitQuotaLockWaiter(citizen.accountId(), creation);
            holder.commit();
            creation.get(30, TimeUnit.SECONDS).then().statusCode(422).contentType(PROBLEM)
                    .body("code", equalTo("document-quota-exceeded"));
        } finally {
            client.shutdownNow();
        }
    }

    /** Until a backend waits for the owner's quota lock (the creation behind the held lock). */
    private static void awaitQuotaLockWaiter(UUID ownerId, Future<Response> creation) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (java.sql.Connection observer = org.errandless.support.Databases.application();
                var waiting = observer.prepareStatement("""
                        select count(*) from pg_locks where locktype = 'advisory' and not granted
                          and ((classid::bigint << 32) | objid::bigint) = hashtextextended(?, 0)""")) {
            waiting.setString(1, DocumentService.quotaKey(ownerId));
            while (true) {
                try (var row = waiting.executeQuery()) {
                    row.next();
                    if (row.getLong(1) > 0) {
                        return;
                    }
                }
                assertFalse(creation.isDone(), "the creation did not wait for the quota lock");
                assertTrue(System.nanoTime() < deadline, "the creation never waited for the quota lock");
                // a condition polled, not an order of threads guessed
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    @Test
    void creationTakesAnIdempotencyKeyThatCoversItsHeaders() {
        var citizen = TestCitizens.signIn();
        String key = UUID.randomUUID().toString();
        String first = tus(citizen).header("Idempotency-Key", key).header("Upload-Length", 500).post(UPLOADS)
                .then().statusCode(201).extract().header("Location");
        tus(citizen).header("Idempotency-Key", key).header("Upload-Length", 500).post(UPLOADS).then()
                .statusCode(201).header("Location", first).header("Idempotent-Replayed", "true")
                .header("Tus-Resumable", "1.0.0");
        tus(citizen).header("Idempotency-Key", key).header("Upload-Length", 501).post(UPLOADS).then()
                .statusCode(422).contentType(PROBLEM).body("code", equalTo("idempotency-key-reused"));
        // creation-with-upload under a key: the body still arrives whole
        byte[] pdf = TestFiles.pdf(3_000);
        String withData = tus(citizen).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Upload-Length", pdf.length).contentType(OCTETS).body(pdf).post(UPLOADS).then()
                .statusCode(201).header("Upload-Offset", String.valueOf(pdf.length)).extract().header("Location");
        String id = withData.substring(withData.lastIndexOf('/') + 1);
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("size", equalTo(pdf.length));
    }

    @Test
    void aBrowserClientMayUseTheTusHeaders() {
        given().header("Origin", "https://app.errandless.example")
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization,tus-resumable,upload-offset,content-type,"
                        + "upload-checksum")
                .options(UPLOADS + "/" + UUID.randomUUID()).then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.errandless.example")
                .header("Access-Control-Allow-Methods", containsString("PATCH"))
                .header("Access-Control-Allow-Headers", containsString("Upload-Offset"))
                .header("Access-Control-Allow-Headers", containsString("Tus-Resumable"))
                .header("Access-Control-Allow-Headers", containsString("Upload-Checksum"));
        var citizen = TestCitizens.signIn();
        UUID id = create(citizen, 10, "a.pdf");
        tus(citizen).header("Origin", "https://app.errandless.example").head(UPLOADS + "/" + id).then()
                .statusCode(200)
                .header("Access-Control-Expose-Headers", containsString("Upload-Offset"))
                .header("Access-Control-Expose-Headers", containsString("Location"))
                .header("Access-Control-Expose-Headers", containsString("Tus-Resumable"))
                .header("Access-Control-Expose-Headers", containsString("Upload-Expires"));
    }

    private void assertFileStoreHolds(UUID id, long bytes) throws IOException {
        if (TestStores.actual(store) instanceof FileSystemContentStore files) {
            assertEquals(bytes, Files.size(files.uploadPath(id)));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        in.transferTo(answer);
        return answer.toByteArray();
    }

    @SuppressWarnings("unused")
    private static org.hamcrest.Matcher<String> ignoringCase(String text) {
        return equalToIgnoringCase(text);
    }
}
