package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.create;
import static org.errandless.applications.Apps.document;
import static org.errandless.applications.Apps.etag;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.security.Roles;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * MOVE_IN applications submitted before the receiving head's consent was asked (V20261205_2500) are not a dead end:
 * the V20261206_1101 migration asks their heads (the SMS sent by {@link MoveInConsentNotices}, once, even from three
 * instances at once), and an approval that finds nobody asked asks the head itself. Each test makes its application
 * "the old way": submitted, then its consent request deleted as if it had never been made.
 */
@QuarkusTest
class MoveInConsentBackfillTest {

    private static final String REQUESTS = "/api/v1/me/consent-requests";
    private static final String OTHER_STATION = "50010301";
    private static final String BACKFILL = "db/migration/V20261206_1101__move_in_consent_backfill.sql";

    @Inject
    RegistryFixtures fixtures;
    @Inject
    PersonalDataProtector protector;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MoveInConsentNotices notices;

    private record OldMoveIn(String id, String applicantToken, RegistryFixtures.Member head, String headMobile) {
    }

    /**
     * A MOVE_IN submitted the old way: no consent request (the one the submission made is deleted; the head had no
     * mobile and no account then, so nobody was told), and the head's mobile registered afterwards.
     */
    private OldMoveIn oldMoveIn() throws SQLException {
        var family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        var receiving = fixtures.householdAt(OTHER_STATION, Relationship.HEAD, Relationship.SON);
        var head = receiving.member(Relationship.HEAD);
        String token = TestCitizens.boundAtL3(family.member(Relationship.SPOUSE).id()).accessToken();
        String id = create(token, "MOVE_IN", Map.of("targetHouseholdNumber", receiving.householdNumber(),
                "relationshipToHead", "DAUGHTER")).then().statusCode(201).extract().path("id");
        attach(token, id, "ID_PHOTO", Photos.upload(token, "png")).then().statusCode(200);
        attach(token, id, "RELATIONSHIP_PROOF", document(token)).then().statusCode(200);
        act(token, id, "submit").then().statusCode(200).body("status", equalTo("SUBMITTED"));
        update("delete from move_in_consent where application_id = ?", UUID.fromString(id));
        String mobile = TestCitizens.newPhone();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "update person set mobile_cipher = ?, mobile_hash = ? where id = ?")) {
            update.setString(1, protector.encrypt(PersonalDataKind.PHONE, mobile));
            update.setString(2, protector.blindIndex(PersonalDataKind.PHONE, mobile));
            update.setObject(3, head.id());
            assertEquals(1, update.executeUpdate());
        }
        return new OldMoveIn(id, token, head, mobile);
    }

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, OTHER_STATION).accessToken();
    }

    @Test
    void theMigrationAsksTheHeadAndTheJobTellsThemOnceFromThreeInstances() throws Exception {
        OldMoveIn moveIn = oldMoveIn();
        String officer = officer();
        act(officer, moveIn.id(), "accept").then().statusCode(200).body("moveInConsent", equalTo(null));

        runBackfill();
        runBackfill();
        assertEquals(List.of("PENDING:true"), requests(moveIn.id()), "one request, its SMS due");

        // three instances run the job at once: the head is told once
        allAtOnce(3, () -> notices.send());
        assertEquals(List.of("PENDING:false"), requests(moveIn.id()));
        assertEquals(1, consentSms(moveIn.headMobile()));
        notices.send();
        assertEquals(1, consentSms(moveIn.headMobile()), "nothing due any more");

        as(officer).get(APPLICATIONS + "/" + moveIn.id()).then().statusCode(200)
                .body("moveInConsent.state", equalTo("PENDING"));
        String head = TestCitizens.boundTo(moveIn.head().id()).accessToken();
        String request = as(head).get(REQUESTS).then().statusCode(200)
                .body("items[0].applicationId", equalTo(moveIn.id())).body("items[0].relationshipToHead",
                        equalTo("DAUGHTER")).extract().path("items[0].id");
        as(head).post(REQUESTS + "/" + request + "/grant").then().statusCode(200).body("state", equalTo("GRANTED"));
        act(officer, moveIn.id(), "approve").then().statusCode(200).body("status", equalTo("COMPLETED"));
    }

    @Test
    void anApprovalThatFindsNobodyAskedAsksTheHeadOnceEvenThreeAtOnce() throws Exception {
        OldMoveIn moveIn = oldMoveIn();
        String officer = officer();
        act(officer, moveIn.id(), "accept").then().statusCode(200);
        String tag = etag(officer, moveIn.id());

        List<Response> answers = allAtOnce(3, () -> as(officer).header("If-Match", tag).contentType("application/json")
                .body("{}").post(APPLICATIONS + "/" + moveIn.id() + "/approve"));
        // asking changes what the application shows (its consent request), so an approval that checks the tag after
        // another one asked is 412 (the officer reloads); every other one is 409 consent-missing
        for (Response answer : answers) {
            answer.then().contentType(PROBLEM).statusCode(org.hamcrest.Matchers.oneOf(409, 412))
                    .body("code", org.hamcrest.Matchers.oneOf("consent-missing", "stale"));
        }
        assertEquals(1, answers.stream().filter(answer -> answer.statusCode() == 409
                && answer.jsonPath().getString("detail").contains("asked now")).count(), "one of them asked");
        assertEquals(List.of("PENDING:false"), requests(moveIn.id()));
        assertEquals(1, consentSms(moveIn.headMobile()), "the head was told once");

        // asked already: the next refusal asks nobody again
        act(officer, moveIn.id(), "approve").then().statusCode(409).body("code", equalTo("consent-missing"))
                .body("detail", not(containsString("asked now")));
        assertEquals(1, consentSms(moveIn.headMobile()));

        String head = TestCitizens.boundTo(moveIn.head().id()).accessToken();
        String request = as(head).get(REQUESTS).then().statusCode(200).extract().path("items[0].id");
        as(head).post(REQUESTS + "/" + request + "/grant").then().statusCode(200);
        act(officer, moveIn.id(), "approve").then().statusCode(200).body("status", equalTo("COMPLETED"));
    }

    @Test
    void aWithdrawnApplicationIsNotBackfilled() throws Exception {
        OldMoveIn moveIn = oldMoveIn();
        act(moveIn.applicantToken(), moveIn.id(), "withdraw").then().statusCode(200);
        runBackfill();
        assertEquals(List.of(), requests(moveIn.id()));
        notices.send();
        assertEquals(0, consentSms(moveIn.headMobile()));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static <T> List<T> allAtOnce(int parties, Callable<T> work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(parties);
        ExecutorService pool = Executors.newFixedThreadPool(parties);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < parties; i++) {
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return work.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the migration's own text again, as Flyway ran it at start. */
    private void runBackfill() throws IOException, SQLException {
        String sql;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(BACKFILL)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void update(String sql, UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setObject(1, id);
            update.executeUpdate();
        }
    }

    /** The application's consent requests as {@code state:notice_due}. */
    private List<String> requests(String applicationId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select state, notice_due from "
                        + "move_in_consent where application_id = ? order by asked_at")) {
            select.setObject(1, UUID.fromString(applicationId));
            List<String> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1) + ":" + row.getBoolean(2));
                }
            }
            return rows;
        }
    }

    private int consentSms(String phone) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select count(*) from outbox_message where "
                        + "recipient_hash = ? and purpose = 'CONSENT_REQUESTED'")) {
            select.setString(1, protector.blindIndex(PersonalDataKind.PHONE, phone));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
