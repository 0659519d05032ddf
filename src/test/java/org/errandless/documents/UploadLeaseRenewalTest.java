package org.errandless.documents;

import static org.errandless.documents.UploadResourceTest.create;
import static org.errandless.documents.UploadResourceTest.tus;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.support.CountedStatementsProfile;
import org.errandless.support.StatementCounter;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A PATCH whose body flows for longer than a third of the lease renews the lease as its bytes are written: the body
 * queues (then waits on the socket) while the upload's writer extends the lease with one statement, then goes on. With a lease of a
 * millisecond nearly every network buffer of the body is "late", so a body of a few hundred kilobytes renews
 * several times, deterministically; nobody else writes to the upload, so the renewals find the lease still ours.
 */
@QuarkusTest
@TestProfile(UploadLeaseRenewalTest.ShortLease.class)
class UploadLeaseRenewalTest {

    /** Counted statements, and a lease of a millisecond (renewed after a third of it). */
    public static class ShortLease extends CountedStatementsProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("errandless.documents.uploads.lease", "PT0.001S");
            return overrides;
        }
    }

    @Inject
    ContentStore store;

    @Test
    void aLongBodyRenewsItsLeaseWhileItsBytesFlow() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(1_500_000);
        UUID id = create(citizen, pdf.length, "a.pdf");
        String requestId = "renewal-" + UUID.randomUUID();
        byte[] chunk = Arrays.copyOfRange(pdf, 0, 1_000_000);
        tus(citizen).header("X-Request-Id", requestId).header("Upload-Offset", 0)
                .contentType(TusProtocol.OFFSET_OCTET_STREAM).body(chunk).patch(UploadResource.PATH + "/" + id)
                .then().statusCode(204).header("Upload-Offset", "1000000");
        List<String> statements = StatementCounter.of(requestId);
        long renewals = statements.stream().filter(sql -> sql.contains("set lease_until")).count();
        assertTrue(renewals >= 1, () -> "no renewal while the body flowed: " + statements);
        if (TestStores.actual(store) instanceof FileSystemContentStore files) {
            assertArrayEquals(chunk, Files.readAllBytes(files.uploadPath(id)));
        }
        // and the upload goes on from there
        tus(citizen).header("Upload-Offset", 1_000_000).contentType(TusProtocol.OFFSET_OCTET_STREAM)
                .body(Arrays.copyOfRange(pdf, 1_000_000, pdf.length)).patch(UploadResource.PATH + "/" + id).then()
                .statusCode(204).header("Upload-Offset", String.valueOf(pdf.length));
        byte[] content = io.restassured.RestAssured.given().auth().oauth2(citizen.accessToken())
                .get("/api/v1/documents/" + id + "/content").then().statusCode(200).extract().asByteArray();
        assertEquals(pdf.length, content.length);
        assertArrayEquals(pdf, content);
    }
}
