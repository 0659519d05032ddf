package org.errandless.documents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.time.TestBusinessClock;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * The documents and uploads API with the S3 content store, against S3Proxy: a representative subset of
 * {@link DocumentResourceTest} and {@link UploadResourceTest} (single-shot upload, range read, delete, a tus upload
 * in several chunks with a broken connection, a dead instance's chunk, expiry).
 */
@QuarkusTest
@TestProfile(S3StoreProfile.class)
class S3DocumentStoreTest {

    private static final String OCTETS = "application/offset+octet-stream";

    @Inject
    ContentStore store;
    @Inject
    UploadService uploads;

    @Test
    void runsOnS3() {
        assertTrue(TestStores.actual(store) instanceof S3ContentStore, "the profile did not choose the S3 store");
    }

    @Test
    void aSingleShotUploadIsReadByRangesAndDeleted() throws Exception {
        var citizen = TestCitizens.signIn();
        long before = TestStores.storedContents(store);
        byte[] pdf = TestFiles.pdf(300_000);
        String id = given().auth().oauth2(citizen.accessToken()).multiPart("file", "a.pdf", pdf, "application/pdf")
                .post("/api/v1/documents").then().statusCode(201).extract().path("id");
        assertEquals(before + 1, TestStores.storedContents(store));
        byte[] range = given().auth().oauth2(citizen.accessToken()).header("Range", "bytes=1000-1999")
                .get("/api/v1/documents/" + id + "/content").then().statusCode(206)
                .header("Content-Range", "bytes 1000-1999/" + pdf.length).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(pdf, 1000, 2000), range);
        assertArrayEquals(pdf, given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id
                + "/content").then().statusCode(200).extract().asByteArray());
        given().auth().oauth2(citizen.accessToken()).delete("/api/v1/documents/" + id).then().statusCode(204);
        assertFalse(store.exists(UUID.fromString(id)));
    }

    @Test
    void aTusUploadInChunksWithABrokenConnectionResumesAndFinishes() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(1_500_000);
        UUID id = UploadResourceTest.create(citizen, pdf.length, "户口本.pdf");
        UploadResourceTest.patch(citizen, id, 0, Arrays.copyOfRange(pdf, 0, 500_000)).then().statusCode(204)
                .header("Upload-Offset", "500000");
        // the connection breaks mid-chunk, once the server is writing (cut before it read the request, the reset
        // would discard the request unseen): what the store holds durably is what HEAD reports
        CountDownLatch started = UploadEvents.started(id);
        CountDownLatch ended = UploadEvents.ended(id);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH /api/v1/uploads/" + id + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + citizen.accessToken() + "\r\nTus-Resumable: 1.0.0\r\n"
                    + "Upload-Offset: 500000\r\nContent-Type: " + OCTETS + "\r\nContent-Length: 600000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(pdf, 500_000, 300_000);
            out.flush();
            assertTrue(started.await(60, TimeUnit.SECONDS), "the server did not start the PATCH");
            socket.setSoLinger(true, 0);
        }
        assertTrue(ended.await(60, TimeUnit.SECONDS), "the server did not notice the cut connection");
        long resumeAt = UploadResourceTest.offset(citizen, id);
        assertTrue(resumeAt >= 500_000 && resumeAt <= 800_000, "offset after the cut: " + resumeAt);
        UploadResourceTest.patch(citizen, id, resumeAt, Arrays.copyOfRange(pdf, (int) resumeAt, 1_200_000)).then()
                .statusCode(204);
        UploadResourceTest.patch(citizen, id, 1_200_000, Arrays.copyOfRange(pdf, 1_200_000, pdf.length)).then()
                .statusCode(204).header("Upload-Offset", String.valueOf(pdf.length));
        UploadResourceTest.assertFinished(citizen, id, pdf.length);
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("sha256", equalTo(UploadResourceTest.hex(pdf))).body("contentType", equalTo("application/pdf"));
        assertArrayEquals(pdf, given().auth().oauth2(citizen.accessToken()).get("/api/v1/documents/" + id
                + "/content").then().statusCode(200).extract().asByteArray());
        assertFalse(TestStores.uploadBytesExist(store, id), "tails or the multipart upload were left behind");
    }

    @Test
    void aChunkOfADeadInstanceIsResumedFromWhatHeadReports() {
        UploadResourceTest.resumesAfterAnInstanceDiedMidChunk(store);
    }

    @Test
    void expiredUploadsArePurgedWithTheirBytes() {
        var citizen = TestCitizens.signIn();
        UUID id = UploadResourceTest.create(citizen, 1_000, "a.pdf");
        UploadResourceTest.patch(citizen, id, 0, new byte[100]).then().statusCode(204);
        assertTrue(TestStores.uploadBytesExist(store, id));
        TestBusinessClock.advanceDays(1);
        try {
            assertTrue(uploads.purgeExpired() >= 1);
            assertFalse(TestStores.uploadBytesExist(store, id), "the expired upload's bytes are still there");
        } finally {
            TestBusinessClock.reset();
        }
    }
}
