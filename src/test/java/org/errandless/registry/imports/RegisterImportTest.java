package org.errandless.registry.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.registry.HouseholdView;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegisterChangeKind;
import org.errandless.registry.RegisterChangeView;
import org.errandless.registry.RegistryService;
import org.errandless.registry.Relationship;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Register imports through the API: idempotent re-import, a later extract with changes recorded in the history
 * with the import's id, partial rejection. Every test imports stations, households and people of its own.
 */
@QuarkusTest
class RegisterImportTest {

    static final String PATH = "/api/v1/admin/register-imports";
    static final String NDJSON = "application/x-ndjson; charset=UTF-8";

    @Inject
    RegisterImportWorker worker;
    @Inject
    RegistryService registry;

    /** Posts an extract as an admin: 202, QUEUED. */
    static String post(Extract extract) {
        Response response = given().auth().oauth2(TestTokens.admin()).contentType(NDJSON).body(extract.bytes())
                .post(PATH);
        response.then().statusCode(202).body("state", equalTo("QUEUED"))
                .header("Location", containsString("/api/v1/admin/register-imports/"));
        String id = response.jsonPath().getString("id");
        assertTrue(response.getHeader("Location").endsWith("/" + id));
        return id;
    }

    /** Applies what is queued and answers the import. */
    JsonPath applied(String id) {
        worker.drain();
        return given().auth().oauth2(TestTokens.admin()).get(PATH + "/" + id).then().statusCode(200)
                .body("state", equalTo("SUCCEEDED")).extract().jsonPath();
    }

    @Test
    void theSameExtractTwiceChangesNothingTheSecondTime() {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区测试一派出所(test)");
        String first = extract.family(station, Relationship.HEAD, Relationship.SPOUSE, Relationship.SON);
        String second = extract.family(station, Relationship.HEAD, Relationship.DAUGHTER);

        JsonPath once = applied(post(extract));
        assertEquals(1 + 2 + 5, once.getLong("created"));
        assertEquals(0, once.getLong("updated"));
        assertEquals(0, once.getLong("unchanged"));
        assertEquals(0, once.getLong("rejected"));
        assertEquals(5, once.getLong("byType.persons.created"));
        assertEquals(extract.nextLine() - 1, once.getLong("linesRead"));

        HouseholdView household = registry.householdByNumber((String) extract.get(first).get("number")).orElseThrow();
        assertEquals(3, household.members().size());
        PersonView head = household.members().get(0);
        assertEquals(Relationship.HEAD, head.relationship());
        assertEquals(head.id(), household.headPersonId());
        assertEquals(station, household.station().code());
        int history = registry.changesOfHousehold(household.id()).size();

        String againId = post(extract);
        JsonPath again = applied(againId);
        assertEquals(0, again.getLong("created"));
        assertEquals(0, again.getLong("updated"));
        assertEquals(8, again.getLong("unchanged"));
        assertEquals(0, again.getLong("rejected"));
        assertEquals(once.getString("sha256"), again.getString("sha256"));
        assertEquals(history, registry.changesOfHousehold(household.id()).size());
        assertEquals(List.of(), registry.changesOfImport(UUID.fromString(againId)));
        assertEquals(2, registry.householdByNumber((String) extract.get(second).get("number")).orElseThrow()
                .members().size());
    }

    @Test
    void aLaterExtractUpdatesWhatChangedAndRecordsEachChangeWithTheImport() {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区测试二派出所(test)");
        String a = extract.family(station, Relationship.HEAD, Relationship.SPOUSE, Relationship.SON);
        String b = extract.family(station, Relationship.HEAD, Relationship.DAUGHTER);
        applied(post(extract));
        List<String> ofA = extract.members(a);
        List<String> ofB = extract.members(b);
        HouseholdView before = registry.householdByNumber((String) extract.get(a).get("number")).orElseThrow();
        HouseholdView beforeB = registry.householdByNumber((String) extract.get(b).get("number")).orElseThrow();

        extract.get(a).put("address", "重庆市武隆区新地址路9号(test)");
        extract.get(ofA.get(1)).put("name", "改名" + ofA.get(1).substring(4, 9));
        extract.get(ofA.get(2)).put("mobile", Extract.newMobile());
        extract.get(ofB.get(1)).put("household", a);
        extract.get(ofB.get(0)).put("status", "DECEASED");
        String id = post(extract);
        JsonPath later = applied(id);

        assertEquals(0, later.getLong("created"));
        assertEquals(1 + 4, later.getLong("updated"));
        assertEquals(1 + 1 + 1, later.getLong("unchanged"));
        assertEquals(1, later.getLong("byType.households.updated"));
        assertEquals(4, later.getLong("byType.persons.updated"));
        assertEquals(1, later.getLong("byType.persons.unchanged"));

        HouseholdView afterA = registry.household(before.id()).orElseThrow();
        assertEquals("重庆市武隆区新地址路9号(test)", afterA.address());
        assertEquals(4, afterA.members().size());
        assertEquals(before.headPersonId(), afterA.headPersonId());
        HouseholdView afterB = registry.household(beforeB.id()).orElseThrow();
        assertEquals(List.of(), afterB.members());
        assertEquals(null, afterB.headPersonId());

        List<RegisterChangeView> changes = registry.changesOfImport(UUID.fromString(id));
        assertTrue(changes.stream().allMatch(change -> UUID.fromString(id).equals(change.importId())));
        Map<RegisterChangeKind, Long> kinds = changes.stream().collect(java.util.stream.Collectors.groupingBy(
                RegisterChangeView::kind, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        assertEquals(Map.of(RegisterChangeKind.ADDRESS_CHANGED, 1L, RegisterChangeKind.UPDATED, 2L,
                RegisterChangeKind.MOVED_OUT, 1L, RegisterChangeKind.MOVED_IN, 1L, RegisterChangeKind.DECEASED, 1L,
                RegisterChangeKind.HEAD_CHANGED, 1L), kinds);
        RegisterChangeView moveOut = changes.stream().filter(change -> change.kind() == RegisterChangeKind.MOVED_OUT)
                .findFirst().orElseThrow();
        assertEquals(beforeB.id(), moveOut.householdId());
        assertTrue(moveOut.afterSummary().contains("changed=household"), moveOut.afterSummary());
        RegisterChangeView mobile = changes.stream().filter(change -> change.kind() == RegisterChangeKind.UPDATED
                && change.afterSummary().endsWith("changed=mobile")).findFirst().orElseThrow();
        assertTrue(mobile.beforeSummary().startsWith("household="), mobile.beforeSummary());
        for (RegisterChangeView change : changes) {
            for (Map<String, Object> record : extract.records.values()) {
                for (String secret : new String[] { (String) record.get("idNumber"), (String) record.get("mobile") }) {
                    if (secret != null) {
                        assertTrue(!String.valueOf(change.beforeSummary()).contains(secret)
                                && !change.afterSummary().contains(secret), "a number in the history");
                    }
                }
            }
        }

        JsonPath again = applied(post(extract));
        assertEquals(0, again.getLong("updated"));
        assertEquals(8, again.getLong("unchanged"));
    }

    @Test
    void aLineThatBreaksARuleIsRejectedAloneWithItsNumberAndReason() {
        String station = Extract.newStationCode();
        // a keyed household and person already in the register, whose number and ID number others then claim
        Extract earlier = new Extract().station(station, "武隆区测试三派出所(test)");
        String owner = earlier.family(station, Relationship.HEAD);
        applied(post(earlier));
        String takenNumber = (String) earlier.get(owner).get("number");
        String takenIdNumber = (String) earlier.get(earlier.members(owner).get(0)).get("idNumber");

        Extract extract = new Extract().station(station, "武隆区测试三派出所(test)");
        Map<Long, String> expected = new java.util.TreeMap<>();
        String stationElsewhere = "50019971";
        extract.station(stationElsewhere, "不存在的区派出所(test)");
        expected.put(extract.lineOf(stationElsewhere), "unknown-division");
        String h1 = Extract.newKey("H");
        extract.household(h1, Extract.newHouseholdNumber(), station);
        String head1 = Extract.newKey("P");
        extract.person(head1, h1, Extract.newIdNumber(org.errandless.registry.Sex.M), "导入甲", Relationship.HEAD, null);
        String badId = Extract.newIdNumber(org.errandless.registry.Sex.F);
        String wrongCheck = badId.substring(0, 17) + (badId.charAt(17) == '0' ? '1' : '0');
        extract.person(Extract.newKey("P"), h1, wrongCheck, "导入乙", Relationship.SPOUSE, null);
        expected.put(extract.nextLine() - 1, "id-number-invalid");
        expected.put(extract.nextLine(), "malformed-json");
        extract.raw("{\"type\":\"PERSON\",\"key\":");
        String noName = Extract.newKey("P");
        extract.person(noName, h1, Extract.newIdNumber(org.errandless.registry.Sex.M), "x", Relationship.SON, null);
        extract.get(noName).remove("name");
        expected.put(extract.lineOf(noName), "missing-field");
        String h2 = Extract.newKey("H");
        extract.household(h2, Extract.newHouseholdNumber(), "50015598");
        expected.put(extract.lineOf(h2), "unknown-station");
        String orphan = Extract.newKey("P");
        extract.person(orphan, h2, Extract.newIdNumber(org.errandless.registry.Sex.M), "导入丙", Relationship.HEAD, null);
        expected.put(extract.lineOf(orphan), "unknown-household");
        String h3 = Extract.newKey("H");
        extract.household(h3, Extract.newHouseholdNumber(), station);
        String lonelySpouse = Extract.newKey("P");
        extract.person(lonelySpouse, h3, Extract.newIdNumber(org.errandless.registry.Sex.F), "导入丁",
                Relationship.SPOUSE, null);
        expected.put(extract.lineOf(h3), "household-without-head");
        expected.put(extract.lineOf(lonelySpouse), "household-without-head");
        String h4 = Extract.newKey("H");
        extract.household(h4, Extract.newHouseholdNumber(), station);
        String head4 = Extract.newKey("P");
        extract.person(head4, h4, Extract.newIdNumber(org.errandless.registry.Sex.M), "导入戊", Relationship.HEAD, null);
        String secondHead = Extract.newKey("P");
        extract.person(secondHead, h4, Extract.newIdNumber(org.errandless.registry.Sex.M), "导入己", Relationship.HEAD,
                null);
        expected.put(extract.lineOf(secondHead), "two-heads");
        String twice = Extract.newKey("P");
        String twiceId = Extract.newIdNumber(org.errandless.registry.Sex.M);
        extract.person(twice, h1, twiceId, "导入庚", Relationship.SON, null);
        expected.put(extract.lineOf(twice), "member-in-two-households");
        expected.put(extract.nextLine(), "member-in-two-households");
        extract.raw("{\"type\":\"PERSON\",\"key\":\"" + twice + "\",\"household\":\"" + h4 + "\",\"idNumber\":\""
                + twiceId + "\",\"name\":\"导入庚\",\"ethnicity\":\"汉族\",\"relationship\":\"SON\",\"status\":\"ACTIVE\"}");
        String nowhere = Extract.newKey("P");
        extract.person(nowhere, "T-H-nowhere", Extract.newIdNumber(org.errandless.registry.Sex.M), "导入辛",
                Relationship.SON, null);
        expected.put(extract.lineOf(nowhere), "unknown-household");
        expected.put(extract.nextLine(), "unknown-type");
        extract.raw("{\"type\":\"CAT\",\"key\":\"x\"}");
        expected.put(extract.nextLine(), "malformed-json");
        extract.raw("[1,2]");
        String wrongSex = Extract.newKey("P");
        extract.person(wrongSex, h1, Extract.newIdNumber(org.errandless.registry.Sex.M), "导入壬", Relationship.SON, null);
        extract.get(wrongSex).put("sex", "F");
        expected.put(extract.lineOf(wrongSex), "id-number-mismatch");
        extract.raw("   ");
        expected.put(extract.nextLine(), "line-too-long");
        extract.raw("{\"type\":\"STATION\",\"code\":\"50015697\",\"name\":\"" + "长".repeat(6000) + "\"}");
        expected.put(extract.nextLine(), "duplicate-record");
        extract.raw("{\"type\":\"PERSON\",\"key\":\"" + head1 + "\",\"household\":\"" + h1 + "\",\"idNumber\":\""
                + extract.get(head1).get("idNumber") + "\",\"name\":\"导入甲\",\"ethnicity\":\"汉族\","
                + "\"relationship\":\"HEAD\",\"status\":\"ACTIVE\"}");
        String thief = Extract.newKey("P");
        extract.person(thief, h1, takenIdNumber, "导入癸", Relationship.SON, null);
        expected.put(extract.lineOf(thief), "id-number-taken");
        String numberThief = Extract.newKey("H");
        extract.household(numberThief, takenNumber, station);
        expected.put(extract.lineOf(numberThief), "household-number-taken");
        String badMobile = Extract.newKey("P");
        extract.person(badMobile, h1, Extract.newIdNumber(org.errandless.registry.Sex.M), "导入子", Relationship.SON,
                "12345");
        expected.put(extract.lineOf(badMobile), "invalid-field");
        String idAsKey = Extract.newIdNumber(org.errandless.registry.Sex.M);
        extract.person(idAsKey, h1, Extract.newIdNumber(org.errandless.registry.Sex.M), "导入丑", Relationship.SON, null);
        expected.put(extract.lineOf(idAsKey), "invalid-field");

        String id = post(extract);
        JsonPath result = applied(id);
        // accepted: the station, h1 with its head, h4 with its first head
        assertEquals(1, result.getLong("byType.stations.unchanged"));
        assertEquals(2, result.getLong("byType.households.created"));
        assertEquals(2, result.getLong("byType.persons.created"));
        assertEquals(expected.size(), result.getLong("rejected"));

        String csv = given().auth().oauth2(TestTokens.admin()).accept("text/csv").get(PATH + "/" + id + "/rejections")
                .then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("attachment")).extract().asString();
        List<String> rows = csv.lines().toList();
        assertEquals("line,code,reason", rows.get(0));
        Map<Long, String> reported = new java.util.TreeMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", 3);
            reported.put(Long.parseLong(cells[0]), cells[1]);
        }
        assertEquals(expected, reported);

        String ndjson = given().auth().oauth2(TestTokens.admin()).accept("application/x-ndjson")
                .get(PATH + "/" + id + "/rejections").then().statusCode(200)
                .contentType(containsString("application/x-ndjson")).extract().asString();
        List<String> lines = ndjson.lines().toList();
        assertEquals(expected.size(), lines.size());
        JsonPath first = JsonPath.from(lines.get(0));
        assertEquals(expected.keySet().iterator().next().intValue(), first.getInt("line"));
        assertEquals("unknown-division", first.getString("code"));
        assertTrue(first.getString("reason").contains("500199"));
        JsonPath orphanLine = JsonPath.from(lines.stream().filter(line -> line.contains("\"line\":"
                + extract.lineOf(orphan) + ",")).findFirst().orElseThrow());
        assertEquals("Its household (line " + extract.lineOf(h2) + ") was rejected", orphanLine.getString("reason"));

        for (String report : List.of(csv, ndjson)) {
            for (String secret : List.of(wrongCheck, takenIdNumber, twiceId, idAsKey, "12345")) {
                assertTrue(!report.contains(secret), "the report repeats a number of the extract");
            }
        }
        assertEquals(Optional.empty(), registry.findPerson(twiceId));
        assertEquals(Optional.empty(), registry.householdByNumber((String) extract.get(h3).get("number")));
        HouseholdView four = registry.householdByNumber((String) extract.get(h4).get("number")).orElseThrow();
        assertEquals(1, four.members().size());
        assertEquals("导入戊", four.members().get(0).name());
    }

    @Test
    void twoImportsOfTheSameExtractAtOnceApplyOneAfterTheOther() throws Exception {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区测试四派出所(test)");
        for (int i = 0; i < 20; i++) {
            extract.family(station, Relationship.HEAD, Relationship.SPOUSE, Relationship.DAUGHTER);
        }
        String token = TestTokens.admin();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Callable<String> upload = () -> {
                start.await(30, java.util.concurrent.TimeUnit.SECONDS);
                return given().auth().oauth2(token).contentType(NDJSON).body(extract.bytes()).post(PATH).then()
                        .statusCode(202).extract().path("id");
            };
            var first = threads.submit(upload);
            var second = threads.submit(upload);
            List<String> ids = List.of(first.get(120, java.util.concurrent.TimeUnit.SECONDS),
                    second.get(120, java.util.concurrent.TimeUnit.SECONDS));
            // two workers (as on two instances) try to claim at the same moment
            java.util.concurrent.Callable<Optional<UUID>> claim = () -> {
                start.await(30, java.util.concurrent.TimeUnit.SECONDS);
                return worker.runOnce();
            };
            var one = threads.submit(claim);
            var other = threads.submit(claim);
            one.get(120, java.util.concurrent.TimeUnit.SECONDS);
            other.get(120, java.util.concurrent.TimeUnit.SECONDS);
            worker.drain();
            List<JsonPath> results = ids.stream().map(this::applied).toList();
            long created = results.stream().mapToLong(result -> result.getLong("created")).sum();
            long unchanged = results.stream().mapToLong(result -> result.getLong("unchanged")).sum();
            assertEquals(1 + 20 + 60, created, "one of them creates everything");
            assertEquals(1 + 20 + 60, unchanged, "the other finds it all there");
            assertTrue(results.stream().allMatch(result -> result.getLong("updated") == 0));
        } finally {
            threads.shutdownNow();
        }
        for (Map<String, Object> record : extract.records.values()) {
            if ("PERSON".equals(record.get("type"))) {
                PersonView person = registry.findPerson((String) record.get("idNumber")).orElseThrow();
                assertEquals(record.get("name"), person.name());
            }
        }
    }

    @Test
    void anImportedPersonReachesL2WithTheRegisteredMobile() {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区测试五派出所(test)");
        String household = extract.family(station, Relationship.HEAD, Relationship.SPOUSE);
        Map<String, Object> spouse = extract.get(extract.members(household).get(1));
        applied(post(extract));

        String phone = (String) spouse.get("mobile");
        String challenge = org.errandless.support.TestOtp.challenge(phone);
        String l1 = org.errandless.support.TestOtp.verify(challenge, org.errandless.support.TestOtp.latestCode(phone))
                .then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(l1).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("name", spouse.get("name"), "idNumber", spouse.get("idNumber")))
                .post("/api/v1/me/identity").then().statusCode(200)
                .body("profile.assuranceLevel", equalTo("L2"));

        // a mobile the register does not record for that person is no proof
        String other = Extract.newMobile();
        String otherChallenge = org.errandless.support.TestOtp.challenge(other);
        String stranger = org.errandless.support.TestOtp.verify(otherChallenge,
                org.errandless.support.TestOtp.latestCode(other)).then().statusCode(200).extract().path("accessToken");
        Map<String, Object> head = extract.get(extract.members(household).get(0));
        given().auth().oauth2(stranger).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("name", head.get("name"), "idNumber", head.get("idNumber")))
                .post("/api/v1/me/identity").then().statusCode(422)
                .body("code", equalTo("phone-not-registered-to-id"));
    }

    @Test
    void noIdOrPhoneNumberIsStoredInClearAnywhere() throws Exception {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区测试六派出所(test)");
        String household = extract.family(station, Relationship.HEAD, Relationship.SPOUSE, Relationship.SON);
        String badId = Extract.newIdNumber(org.errandless.registry.Sex.M);
        String invalid = badId.substring(0, 17) + (badId.charAt(17) == '1' ? '2' : '1');
        extract.person(Extract.newKey("P"), household, invalid, "导入错号", Relationship.SON, Extract.newMobile());
        String id = post(extract);
        List<String> secrets = new java.util.ArrayList<>();
        for (Map<String, Object> record : extract.records.values()) {
            for (String field : List.of("idNumber", "mobile")) {
                if (record.get(field) != null) {
                    secrets.add((String) record.get(field));
                }
            }
        }
        // staged, not yet applied: the staging table holds ciphertexts and hashes only
        assertEquals(List.of(), tablesContaining(secrets));
        applied(id);
        assertEquals(List.of(), tablesContaining(secrets));
        String report = given().auth().oauth2(TestTokens.admin()).get(PATH + "/" + id + "/rejections").then()
                .statusCode(200).extract().asString();
        assertTrue(report.contains("id-number-invalid"));
        for (String secret : secrets) {
            assertTrue(!report.contains(secret), "the report repeats a number of the extract");
        }
        assertEquals(0L, count("select count(*) from register_import_line where import_id = '" + id + "'"),
                "staging rows go with the apply");
        assertTrue(count("select count(*) from person where mobile_hash is not null and mobile_cipher like 'v1:%'"
                + " and source_key = '" + extract.members(household).get(0) + "'") == 1);
    }

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** Every table of the schema whose rows, as text, contain one of these values. */
    private List<String> tablesContaining(List<String> values) throws java.sql.SQLException {
        List<String> found = new java.util.ArrayList<>();
        try (java.sql.Connection connection = dataSource.getConnection()) {
            List<String> tables = new java.util.ArrayList<>();
            try (var rows = connection.createStatement().executeQuery("select table_name from information_schema.tables"
                    + " where table_schema = current_schema() and table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                for (String value : values) {
                    try (var statement = connection.prepareStatement("select count(*) from \"" + table + "\" t"
                            + " where strpos(t::text, ?) > 0")) {
                        statement.setString(1, value);
                        try (var rows = statement.executeQuery()) {
                            rows.next();
                            if (rows.getLong(1) > 0) {
                                found.add(table);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private long count(String sql) throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
                var rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
