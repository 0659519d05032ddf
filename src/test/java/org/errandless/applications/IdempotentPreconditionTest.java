package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.draft;
import static org.errandless.applications.Apps.etag;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 11 item 1: a 412 or 428 is not a stored answer. A client that retries with the same Idempotency-Key and a
 * corrected If-Match is evaluated afresh (on main the 412 was replayed for 24 hours).
 */
@QuarkusTest
class IdempotentPreconditionTest {

    @Test
    void aRetryWithACorrectedIfMatchIsEvaluated() {
        var applicant = Apps.applicant();
        String id = draft(applicant.token(), "HOUSEHOLD_CERTIFICATE");
        String key = UUID.randomUUID().toString();
        as(applicant.token()).header("If-Match", "\"stale\"").header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of()).post(APPLICATIONS + "/" + id + "/withdraw").then()
                .statusCode(412).body("code", equalTo("stale"));
        as(applicant.token()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of())
                .post(APPLICATIONS + "/" + id + "/withdraw").then().statusCode(428)
                .body("code", equalTo("precondition-required"));

        as(applicant.token()).header("If-Match", etag(applicant.token(), id)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of()).post(APPLICATIONS + "/" + id + "/withdraw").then()
                .statusCode(200).header("Idempotent-Replayed", nullValue()).body("status", endsWith("WITHDRAWN"));
        // that answer is the one kept
        as(applicant.token()).header("If-Match", "\"stale\"").header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of()).post(APPLICATIONS + "/" + id + "/withdraw").then()
                .statusCode(200).header("Idempotent-Replayed", "true").body("status", endsWith("WITHDRAWN"));
    }
}
