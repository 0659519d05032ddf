package org.errandless.registry.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.registry.Relationship;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * After a restart: an import whose instance died while applying it is resumed from its staged lines (its apply rolled
 * back with the instance), never while another instance still applies it, and given up after too many tries; staged
 * lines lost with a PostgreSQL crash fail it. "Died" is played by claiming an import and never applying it; "still
 * applying" by holding the import's advisory lock on a connection of the test, as an applying transaction does.
 */
@QuarkusTest
class RegisterImportRecoveryTest {

    static final String PATH = RegisterImportTest.PATH;

    @Inject
    RegisterImportWorker worker;
    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    @AfterEach
    void nothingQueued() {
        worker.drain();
    }

    private String lastHouseholdNumber;

    private String queued() {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区恢复测试派出所(test)");
        lastHouseholdNumber = (String) extract.get(extract.family(station, Relationship.HEAD, Relationship.SPOUSE))
                .get("number");
        return RegisterImportTest.post(extract);
    }

    /** Claims the next import as an instance would, which then dies before applying it. */
    private UUID claimedByADeadInstance(String expected) {
        Optional<RegisterImportWorker.Claim> claim = QuarkusTransaction.requiringNew().call(worker::claim);
        assertEquals(expected, claim.orElseThrow().importId().toString());
        return claim.get().importId();
    }

    @Test
    void anImportWhoseInstanceDiedIsResumedOnceItsClaimIsOld() throws SQLException {
        String id = queued();
        claimedByADeadInstance(id);
        state(id, "RUNNING");

        assertEquals(0, worker.drain(), "a fresh claim may still be about to apply: left alone");
        state(id, "RUNNING");

        age(id);
        assertEquals(1, worker.drain());
        state(id, "SUCCEEDED").body("created", equalTo(1 + 1 + 2));
        assertEquals(2L, count("select attempts from register_import where id = '" + id + "'"));
    }

    @Test
    void anImportStillBeingAppliedElsewhereIsNotTakenOver() throws Exception {
        String id = queued();
        claimedByADeadInstance(id);
        age(id);
        try (Connection elsewhere = dataSource.getConnection()) {
            elsewhere.setAutoCommit(false);
            try (PreparedStatement lock = elsewhere.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, RegisterImportWorker.APPLY_LOCK_SPACE);
                lock.setString(2, id);
                lock.execute();
            }
            assertEquals(0, worker.drain());
            state(id, "RUNNING");
            elsewhere.rollback();
        }
        assertEquals(1, worker.drain());
        state(id, "SUCCEEDED");
    }

    @Test
    void anImportThatKeepsKillingItsInstanceIsGivenUp() throws SQLException {
        String id = queued();
        claimedByADeadInstance(id);
        age(id);
        execute("update register_import set attempts = 3 where id = '" + id + "'");
        worker.drain();
        state(id, "FAILED").body("failureCode", equalTo("interrupted"));
        assertEquals(0L, count("select count(*) from register_import_line where import_id = '" + id + "'"));
        given().auth().oauth2(TestTokens.admin()).get(PATH + "/" + id + "/rejections").then().statusCode(409)
                .body("code", equalTo("register-import-not-applied"));
    }

    @Test
    void stagedLinesLostWithTheDatabaseFailTheImport() throws SQLException {
        String id = queued();
        // what a PostgreSQL crash does to the unlogged staging table
        execute("delete from register_import_line where import_id = '" + id + "' and line_number > 1");
        worker.drain();
        state(id, "FAILED").body("failureCode", equalTo("staging-lost"));
        assertEquals(0L, count("select count(*) from household where household_number = '" + lastHouseholdNumber
                + "'"), "nothing of it was applied");
    }

    private io.restassured.response.ValidatableResponse state(String id, String state) {
        return given().auth().oauth2(TestTokens.admin()).get(PATH + "/" + id).then().statusCode(200)
                .body("state", equalTo(state));
    }

    /** Moves the claim back past resume-after (60 s). */
    private void age(String id) throws SQLException {
        execute("update register_import set claimed_at = claimed_at - interval '2 minutes' where id = '" + id + "'");
        assertTrue(count("select count(*) from register_import where id = '" + id + "' and state = 'RUNNING'") == 1);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().executeUpdate(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
