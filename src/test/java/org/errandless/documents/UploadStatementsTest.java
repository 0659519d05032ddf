package org.errandless.documents;

import static org.errandless.documents.UploadResourceTest.create;
import static org.errandless.documents.UploadResourceTest.tus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.errandless.support.CountedStatementsProfile;
import org.errandless.support.StatementCounter;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * How many round trips to the database a tus creation and a tus PATCH make (issue 16, the tus row), counted at the
 * JDBC driver for each request ({@link StatementCounter}: every statement and every commit, not the pool's validation
 * probe): a creation takes the owner's quota lock and inserts the row only if it fits the quota, two statements in
 * one round trip; the lease is taken with one conditional {@code UPDATE} and given back with another, no transaction around either;
 * a PATCH that finishes the upload turns the upload's row into the document's with one statement instead (no renewal
 * of a fresh lease, no quota check: the upload's length has counted against the quota since its creation).
 */
@QuarkusTest
@TestProfile(CountedStatementsProfile.class)
class UploadStatementsTest {

    private record Counted(Response response, List<String> statements) {

        Counted expect(int status, int statementCount) {
            response.then().statusCode(status);
            assertEquals(statementCount, statements.size(), () -> "statements: " + statements);
            return this;
        }
    }

    private static Counted patch(TestCitizens.SignedIn citizen, UUID id, long offset, byte[] chunk) {
        String requestId = "count-" + UUID.randomUUID();
        Response response = tus(citizen).header("X-Request-Id", requestId).header("Upload-Offset", offset)
                .contentType(TusProtocol.OFFSET_OCTET_STREAM).body(chunk).patch(UploadResource.PATH + "/" + id);
        // the pool's probe of a connection idle for more than a second depends on timing, not on the endpoint
        return new Counted(response, StatementCounter.of(requestId).stream()
                .filter(statement -> !statement.equals("isValid")).toList());
    }

    @Test
    void aCreationIsOneRoundTripOfTheQuotaLockAndAnInsertThatChecksTheQuota() {
        var citizen = TestCitizens.signIn();
        String requestId = "count-" + UUID.randomUUID();
        tus(citizen).header("X-Request-Id", requestId).header("Upload-Length", 1_000).post(UploadResource.PATH)
                .then().statusCode(201);
        List<String> statements = StatementCounter.of(requestId).stream()
                .filter(statement -> !statement.equals("isValid")).toList();
        // the lock and the insert that counts the usage first, sent together with one sync: PostgreSQL runs them as
        // one implicit transaction, whose end releases the lock (no commit of its own)
        assertEquals(1, statements.size(), () -> "statements: " + statements);
    }

    @Test
    void aChunkTakesAndGivesBackTheLeaseInOneStatementEach() {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(300_000);
        UUID id = create(citizen, pdf.length, "a.pdf");

        patch(citizen, id, 0, Arrays.copyOfRange(pdf, 0, 100_000)).expect(204, 2);
        // the last chunk: the lease, then one statement deletes the upload's row and inserts the document's
        patch(citizen, id, 100_000, Arrays.copyOfRange(pdf, 100_000, pdf.length)).expect(204, 2);
    }

    @Test
    void aWholeFileInOnePatchIsTheLeaseAndTheDocumentsStatement() {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(200_000);
        UUID id = create(citizen, pdf.length, "a.pdf");

        patch(citizen, id, 0, pdf).expect(204, 2);
    }

    @Test
    void aRefusedPatchReadsTheRowOnlyToTellWhy() {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(200_000);
        UUID id = create(citizen, pdf.length, "a.pdf");

        // the conditional UPDATE matches nothing; a read-only transaction finds the reason (select, commit)
        patch(citizen, id, 5, pdf).expect(409, 3).response().then()
                .body("code", org.hamcrest.Matchers.equalTo("upload-offset-mismatch"));
        patch(TestCitizens.signIn(), id, 0, pdf).expect(404, 3);
    }
}
