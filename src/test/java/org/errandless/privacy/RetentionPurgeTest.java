package org.errandless.privacy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.common.time.BusinessClock;
import org.errandless.common.time.TestBusinessClock;
import org.errandless.documents.ContentStore;
import org.errandless.documents.DocumentRetention;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The retention purge: what is older than its retention goes, what is younger stays, and what the law keeps stays
 * whatever the application's clock says; the audit trail and the register's history are never touched; the job runs
 * once across instances; and the application's database role can erase access records only through the purge's door.
 */
@QuarkusTest
class RetentionPurgeTest {

    static final String APPLICATIONS = "/api/v1/applications";

    @Inject
    RetentionPurge purge;
    @Inject
    RetentionJobs jobs;
    @Inject
    RegistryFixtures fixtures;
    @Inject
    ContentStore store;
    @Inject
    EntityManager entityManager;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    BusinessClock clock;
    @Inject
    DocumentRetention documentRetention;

    @AfterEach
    void resetClock() {
        TestBusinessClock.reset();
    }

    // ---- access records ---------------------------------------------------------------------------------------

    @Test
    void accessRecordsGoAfterTheirRetentionButNeverBeforeTheLegalMinimum() {
        UUID person = UUID.randomUUID();
        // ancient: older than the retention (five years before the business clock) and than three years before the
        // database's clock; oldish: inside the retention today, past it once the clock moved, and older than three
        // real years; recent: one real year old, which the database keeps however far the clock moves
        UUID ancient = accessRecord(person, "least(timestamptz '2021-09-30T02:00:00Z', now() - interval '3 years') "
                + "- interval '1 day'");
        UUID oldish = accessRecord(person, "timestamptz '2021-10-01T02:00:00Z'");
        UUID recent = accessRecord(person, "now() - interval '1 year'");
        long auditBefore = count("select count(*) from audit_event");
        long historyBefore = count("select count(*) from register_change");

        RetentionPurge.Report today = purge.run(clock.now(), () -> true);
        assertTrue(today.finished());
        assertEquals(Set.of(oldish, recent), accessRecordsOf(person), "only what is past the retention goes");

        TestBusinessClock.advanceDays(36_500);
        purge.run(clock.now(), () -> true);
        assertEquals(Set.of(recent), accessRecordsOf(person),
                "a century later by the application's clock, the database still keeps three years of its own");

        assertTrue(count("select count(*) from audit_event") >= auditBefore + 2, "the audit trail only grows: each "
                + "run is recorded in it");
        assertEquals(historyBefore, count("select count(*) from register_change"), "register history is kept");
        List<?> runs = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select details ->> 'accessRecordsBefore' from audit_event where action = ?1 order by seq desc "
                        + "limit 2").setParameter(1, RetentionPurge.ACTION).getResultList());
        assertEquals(2, runs.size());
    }

    // ---- documents --------------------------------------------------------------------------------------------

    @Test
    void documentsGoAfterTheirRetentionWhileAnOpenApplicationKeepsThem() throws IOException {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD);
        TestCitizens.SignedIn citizen = TestCitizens.boundTo(family.member(Relationship.HEAD).id());
        String token = citizen.accessToken();
        String ofWithdrawn = document(token);
        String ofDraft = document(token);
        String unattached = document(token);
        String shared = document(token);
        String withdrawn = draftWith(token, ofWithdrawn);
        act(token, withdrawn, "withdraw", Map.of()).then().statusCode(200).body("status", equalTo("WITHDRAWN"));
        String alsoWithdrawn = draftWith(token, shared);
        act(token, alsoWithdrawn, "withdraw", Map.of()).then().statusCode(200);
        draftWith(token, ofDraft);
        draftWith(token, shared);

        purge.run(clock.now(), () -> true);
        assertKept(token, ofWithdrawn, ofDraft, unattached, shared);

        TestBusinessClock.advanceDays(367);
        purge.run(clock.now(), () -> true);
        assertGone(token, unattached);
        assertKept(token, ofWithdrawn, ofDraft, shared);

        TestBusinessClock.advanceDays(30 * 366);
        RetentionPurge.Report report = purge.run(clock.now(), () -> true);
        assertTrue(report.closedApplicationDocuments() >= 1);
        assertGone(token, ofWithdrawn);
        assertKept(token, ofDraft, shared);
        // the application itself stays: its decision, form and timeline are the administration's record
        // and so does its evidence row, without the document: marked with when it went
        String tenancyProof = "materials[0].materials.find { it.code == 'TENANCY_PROOF' }.evidence";
        as(token).get(APPLICATIONS + "/" + withdrawn).then().statusCode(200).body("status", equalTo("WITHDRAWN"))
                .body("timeline.action", org.hamcrest.Matchers.hasItem("withdraw"))
                .body(tenancyProof + ".source", equalTo("UPLOAD"))
                .body(tenancyProof + ".documentId", org.hamcrest.Matchers.nullValue())
                .body(tenancyProof + ".documentDeletedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aDocumentIsDeletedOnlyIfItsRuleStillSaysSoAndNeverWhileAnotherHoldsIt() throws Exception {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD);
        String token = TestCitizens.boundTo(family.member(Relationship.HEAD).id()).accessToken();
        UUID document = UUID.fromString(document(token));

        assertFalse(documentRetention.purge(document, id -> false), "the rule, asked under the lock, keeps it");
        assertKept(token, document.toString());

        // another transaction holds the row (a second purge, or an attachment in flight): skipped, not waited for
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = other.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                entityManager.createNativeQuery("select id from document where id = ?1 for update")
                        .setParameter(1, document).getResultList();
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            held.await();
            assertFalse(documentRetention.purge(document, id -> true), "a row another holds is skipped");
            release.countDown();
            holder.get();
        } finally {
            release.countDown();
            other.shutdownNow();
        }
        assertKept(token, document.toString());
        assertTrue(documentRetention.purge(document, id -> true));
        assertGone(token, document.toString());
    }

    // ---- one run across instances -----------------------------------------------------------------------------

    @Test
    void oneInstanceWinsTheClaimAndARunIsNotRepeatedWithinTheLease() throws Exception {
        String job = "test-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "insert into retention_job (name) values (?1)").setParameter(1, job).executeUpdate());
        int instances = 4;
        CyclicBarrier start = new CyclicBarrier(instances);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<UUID>> claims = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                Callable<UUID> claim = () -> {
                    start.await();
                    return jobs.claim(job, Duration.ofHours(1));
                };
                claims.add(pool.submit(claim));
            }
            List<UUID> won = new ArrayList<>();
            for (Future<UUID> claim : claims) {
                if (claim.get() != null) {
                    won.add(claim.get());
                }
            }
            assertEquals(1, won.size(), "exactly one instance runs the job");
            UUID holder = won.get(0);
            assertTrue(jobs.renew(job, holder, Duration.ofHours(1)));
            assertFalse(jobs.renew(job, UUID.randomUUID(), Duration.ofHours(1)), "nobody else renews it");
            jobs.finish(job, holder);
            assertNull(jobs.claim(job, Duration.ofHours(1)), "a run that started within the lease is not repeated");
            assertFalse(jobs.renew(job, holder, Duration.ofHours(1)), "a finished run holds nothing");
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- the database role ------------------------------------------------------------------------------------

    /**
     * The application's role may append to and read the audit trail and the access records, and erase old access
     * records only through {@code purge_access_records}. Against a database with a separate application role (CI's
     * external PostgreSQL) this is checked as that role itself; where the application connects as the schema owner
     * (the embedded database of the test run), as a throwaway role given what the migrations give an application
     * role (default privileges on every table, migration 0601 run for it, EXECUTE on the purge function), all in a
     * transaction that is rolled back.
     */
    @Test
    void theApplicationRoleCannotRewriteHistoryOutsideThePurge() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                String me = single(statement, "select current_user");
                String owner = single(statement, "select tableowner from pg_tables where tablename = 'access_record' "
                        + "and schemaname = current_schema()");
                if (me.equals(owner)) {
                    String probe = "errandless_probe_" + UUID.randomUUID().toString().substring(0, 8);
                    statement.execute("create role " + probe + " nologin");
                    statement.execute("grant usage on schema " + single(statement, "select current_schema()")
                            + " to " + probe);
                    statement.execute("grant select, insert, update, delete on all tables in schema "
                            + single(statement, "select current_schema()") + " to " + probe);
                    statement.execute(migration("V20261128_0601__audit_append_only.sql").replace("${app_user}", probe));
                    statement.execute("grant execute on function purge_access_records(timestamptz, integer) to "
                            + probe);
                    statement.execute("set local role " + probe);
                }
                for (String rewrite : List.of("delete from access_record where false",
                        "update access_record set purpose = purpose where false", "truncate access_record",
                        "delete from audit_event where false", "update audit_event set action = action where false",
                        "truncate audit_event")) {
                    Savepoint before = connection.setSavepoint();
                    SQLException refused = assertThrows(SQLException.class, () -> statement.execute(rewrite), rewrite);
                    assertEquals("42501", refused.getSQLState(), rewrite + ": " + refused.getMessage());
                    connection.rollback(before);
                }
                // appending and reading stay possible, and the purge's door opens, for nothing recent
                single(statement, "select count(*) from access_record");
                assertEquals("0", single(statement, "select purge_access_records(timestamptz '1900-01-01', 10)"));
                Savepoint before = connection.setSavepoint();
                SQLException bad = assertThrows(SQLException.class,
                        () -> statement.execute("select purge_access_records(now(), 0)"));
                assertEquals("22023", bad.getSQLState());
                connection.rollback(before);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private UUID accessRecord(UUID person, String occurredAt) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("insert into access_record (id, "
                + "person_id, accessor_type, accessor_label, what, purpose, occurred_at) values (?1, ?2, 'STAFF', "
                + "'测试派出所 户籍民警', 'application', '保留期限测试', " + occurredAt + ")").setParameter(1, id)
                .setParameter(2, person).executeUpdate());
        return id;
    }

    @SuppressWarnings("unchecked")
    private Set<UUID> accessRecordsOf(UUID person) {
        return Set.copyOf((List<UUID>) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select id from access_record where person_id = ?1", UUID.class).setParameter(1, person)
                .getResultList()));
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .getSingleResult()).longValue());
    }

    private void assertKept(String token, String... documents) throws IOException {
        for (String document : documents) {
            as(token).get("/api/v1/documents/" + document).then().statusCode(200);
            assertTrue(store.exists(UUID.fromString(document)), "bytes of " + document);
        }
    }

    private void assertGone(String token, String document) {
        as(token).get("/api/v1/documents/" + document).then().statusCode(404);
        try {
            assertFalse(store.exists(UUID.fromString(document)), "bytes of a purged document");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = RetentionPurgeTest.class.getResourceAsStream("/db/migration/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static String document(String token) {
        return as(token).multiPart("file", "proof.pdf", PersonalDataExportTest.pdf(), "application/pdf")
                .post("/api/v1/documents").then().statusCode(201).extract().path("id");
    }

    /** A DRAFT address change with the document as its tenancy proof; its id. */
    private static String draftWith(String token, String document) {
        String id = as(token).contentType(ContentType.JSON).body(Map.of("serviceCode", "ADDRESS_CHANGE", "form",
                Map.of("newAddress", "重庆市南岸区保留路3号"))).post(APPLICATIONS).then().statusCode(201).extract()
                .path("id");
        act(token, id, "materials", Map.of("materialCode", "TENANCY_PROOF", "documentId", document)).then()
                .statusCode(200);
        return id;
    }

    private static Response act(String token, String id, String action, Object body) {
        String etag = as(token).get(APPLICATIONS + "/" + id).then().statusCode(200).extract().header("ETag");
        return as(token).header("If-Match", etag).contentType(ContentType.JSON).body(body)
                .post(APPLICATIONS + "/" + id + "/" + action);
    }
}
