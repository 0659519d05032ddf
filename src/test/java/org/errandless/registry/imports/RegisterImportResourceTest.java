package org.errandless.registry.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.common.security.Roles;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The HTTP contract of register imports: who may, what is refused, paging, Idempotency-Key, the audit trail. */
@QuarkusTest
class RegisterImportResourceTest {

    static final String PATH = RegisterImportTest.PATH;
    static final String NDJSON = RegisterImportTest.NDJSON;

    @Inject
    RegisterImportWorker worker;
    @Inject
    AgroalDataSource dataSource;

    private static byte[] smallExtract() {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区测试七派出所(test)");
        extract.family(station, Relationship.HEAD);
        return extract.bytes();
    }

    @Test
    void withoutATokenEveryEndpointIs401() {
        given().contentType(NDJSON).body(smallExtract()).post(PATH).then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        String id = UUID.randomUUID().toString();
        for (String path : List.of(PATH, PATH + "/" + id, PATH + "/" + id + "/rejections")) {
            given().get(path).then().statusCode(401).body("code", equalTo("unauthorized"));
        }
    }

    @Test
    void onlyAdminsWithTheSecondFactorMayImportOrRead() {
        String officer = TestTokens.staff(Roles.OFFICER, "50010301").accessToken();
        String supervisor = TestTokens.staff(Roles.SUPERVISOR, null).accessToken();
        String citizen = TestCitizens.signIn().accessToken();
        String id = RegisterImportTest.post(new Extract().station(Extract.newStationCode(), "武隆区测试八派出所(test)"));
        for (String token : List.of(officer, supervisor, citizen)) {
            given().auth().oauth2(token).contentType(NDJSON).body(smallExtract()).post(PATH).then().statusCode(403)
                    .body("code", equalTo("forbidden"));
            for (String path : List.of(PATH, PATH + "/" + id, PATH + "/" + id + "/rejections")) {
                given().auth().oauth2(token).get(path).then().statusCode(403).body("code", equalTo("forbidden"));
            }
        }
        // an admin signed in with the password only: the second factor first (main's mfa rule for /admin)
        String passwordOnly = TestTokens.staffWithoutSecondFactor(Roles.ADMIN, null).accessToken();
        given().auth().oauth2(passwordOnly).contentType(NDJSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(smallExtract()).post(PATH).then().statusCode(403).body("code", equalTo("mfa-required"));
        for (String path : List.of(PATH, PATH + "/" + id, PATH + "/" + id + "/rejections")) {
            given().auth().oauth2(passwordOnly).get(path).then().statusCode(403).body("code", equalTo("mfa-required"));
        }
    }

    @Test
    void anUnknownImportIs404() {
        String admin = TestTokens.admin();
        for (String id : List.of(UUID.randomUUID().toString(), "not-an-id")) {
            given().auth().oauth2(admin).get(PATH + "/" + id).then().statusCode(404)
                    .body("code", equalTo("not-found"));
            given().auth().oauth2(admin).get(PATH + "/" + id + "/rejections").then().statusCode(404)
                    .body("code", equalTo("not-found"));
        }
    }

    @Test
    void aBodyThatIsNotJsonLinesIs415() {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"type\":\"STATION\"}")
                .post(PATH).then().statusCode(415).body("code", equalTo("unsupported-media-type"));
        given().auth().oauth2(TestTokens.admin()).contentType("text/csv").body("type,code\n").post(PATH).then()
                .statusCode(415).body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void aBodyWithoutRecordsIs400AndLeavesNothing() {
        long before = imports();
        given().auth().oauth2(TestTokens.admin()).contentType(NDJSON).body(new byte[0]).post(PATH).then()
                .statusCode(400).body("code", equalTo("malformed-request"));
        given().auth().oauth2(TestTokens.admin()).contentType(NDJSON).body("\n   \n\t\n".getBytes()).post(PATH).then()
                .statusCode(400).body("code", equalTo("malformed-request"));
        assertEquals(before, imports());
    }

    @Test
    void aBodyOverTheLimitIs413WhetherDeclaredOrStreamedAndLeavesNothing() throws SQLException {
        long before = imports();
        long staged = staged();
        // 1M in tests: a little more, with Content-Length, then chunked (no length declared)
        byte[] big = bigExtract(1024 * 1024 + 100);
        given().auth().oauth2(TestTokens.admin()).contentType(NDJSON).body(big).post(PATH).then().statusCode(413)
                .body("code", equalTo("payload-too-large"));
        given().auth().oauth2(TestTokens.admin()).contentType(NDJSON).body(new ByteArrayInputStream(big)).post(PATH)
                .then().statusCode(413).body("code", equalTo("payload-too-large"));
        assertEquals(before, imports());
        assertEquals(staged, staged());
        // just under it goes through, past the HTTP layer's own checks
        byte[] fits = bigExtract(1000 * 1024);
        given().auth().oauth2(TestTokens.admin()).contentType(NDJSON).body(new ByteArrayInputStream(fits)).post(PATH)
                .then().statusCode(202);
    }

    /** Valid lines (a station, then the same household line again and again) up to about this many bytes. */
    private static byte[] bigExtract(int bytes) {
        String station = Extract.newStationCode();
        StringBuilder text = new StringBuilder("{\"type\":\"STATION\",\"code\":\"" + station + "\",\"name\":\"大(test)\"}\n");
        String line = "{\"type\":\"HOUSEHOLD\",\"key\":\"T-H-big\",\"number\":\"T-big\",\"householdType\":\"FAMILY\","
                + "\"address\":\"重庆市武隆区测试路1号(test)\",\"station\":\"" + station + "\"}\n";
        int lineBytes = line.getBytes(StandardCharsets.UTF_8).length;
        for (long size = text.length(); size < bytes; size += lineBytes) {
            text.append(line);
        }
        byte[] all = text.toString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(all, Math.min(all.length, bytes));
    }

    @Test
    void theReportExistsOnceTheImportSucceeded() {
        String id = RegisterImportTest.post(new Extract().station(Extract.newStationCode(), "武隆区测试九派出所(test)"));
        given().auth().oauth2(TestTokens.admin()).get(PATH + "/" + id + "/rejections").then().statusCode(409)
                .body("code", equalTo("register-import-not-applied"));
        given().auth().oauth2(TestTokens.admin()).get(PATH + "/" + id).then().statusCode(200)
                .body("state", equalTo("QUEUED")).body("created", nullValue()).body("rejected", nullValue())
                .body("linesRead", equalTo(1)).body("source", equalTo("API"));
        worker.drain();
        given().auth().oauth2(TestTokens.admin()).accept("application/json").get(PATH + "/" + id + "/rejections")
                .then().statusCode(406).body("code", equalTo("not-acceptable"));
        given().auth().oauth2(TestTokens.admin()).get(PATH + "/" + id + "/rejections").then().statusCode(200)
                .body(equalTo("line,code,reason\n"));
        given().auth().oauth2(TestTokens.admin()).get(PATH + "/" + id).then().statusCode(200)
                .body("state", equalTo("SUCCEEDED")).body("startedAt", notNullValue())
                .body("finishedAt", notNullValue()).body("byType.stations.created", equalTo(1));
    }

    @Test
    void theListPagesNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(RegisterImportTest.post(new Extract().station(Extract.newStationCode(), "分页" + i + "(test)")));
        }
        String admin = TestTokens.admin();
        var first = given().auth().oauth2(admin).queryParam("limit", 2).get(PATH).then().statusCode(200)
                .body("items.size()", equalTo(2)).body("nextCursor", notNullValue()).extract().jsonPath();
        assertEquals(List.of(ids.get(2), ids.get(1)), first.getList("items.id"));
        given().auth().oauth2(admin).queryParam("limit", 2).queryParam("cursor", first.getString("nextCursor"))
                .get(PATH).then().statusCode(200).body("items[0].id", equalTo(ids.get(0)));
        for (String limit : List.of("0", "101", "many")) {
            given().auth().oauth2(admin).queryParam("limit", limit).get(PATH).then().statusCode(400)
                    .body("code", equalTo("validation-failed"));
        }
        given().auth().oauth2(admin).queryParam("cursor", "%%%").get(PATH).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        worker.drain();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameImport() {
        byte[] extract = smallExtract();
        String key = "import-" + UUID.randomUUID();
        String admin = TestTokens.admin();
        String id = given().auth().oauth2(admin).header("Idempotency-Key", key).contentType(NDJSON).body(extract)
                .post(PATH).then().statusCode(202).header("Idempotent-Replayed", nullValue()).extract().path("id");
        long before = imports();
        given().auth().oauth2(admin).header("Idempotency-Key", key).contentType(NDJSON).body(extract).post(PATH)
                .then().statusCode(202).header("Idempotent-Replayed", equalTo("true")).body("id", equalTo(id));
        assertEquals(before, imports());
        given().auth().oauth2(admin).header("Idempotency-Key", key).contentType(NDJSON).body(smallExtract())
                .post(PATH).then().statusCode(422).body("code", equalTo("idempotency-key-reused"));
        worker.drain();
    }

    @Test
    void everyImportIsAudited() throws SQLException {
        String id = RegisterImportTest.post(new Extract().station(Extract.newStationCode(), "审计(test)"));
        worker.drain();
        assertEquals(List.of("register.import.received", "register.import.applied"), auditActions(id));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/admin/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true));
        given().auth().oauth2(TestTokens.admin()).queryParam("action", "register.import.*").queryParam("limit", 100)
                .get("/api/v1/admin/audit").then().statusCode(200).body("items.targetId", hasItem(id))
                .body("items.targetId", not(hasItem(nullValue())));
    }

    private List<String> auditActions(String importId) throws SQLException {
        List<String> actions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection
                .prepareStatement("select action from audit_event where target_id = ? order by seq")) {
            query.setString(1, importId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    actions.add(rows.getString(1));
                }
            }
        }
        return actions;
    }

    private long imports() {
        return count("select count(*) from register_import");
    }

    private long staged() {
        return count("select count(*) from register_import_line");
    }

    private long count(String sql) {
        try (Connection connection = dataSource.getConnection();
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
