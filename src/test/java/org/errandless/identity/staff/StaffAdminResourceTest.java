package org.errandless.identity.staff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.errandless.common.security.Roles;
import org.errandless.identity.staff.StaffFixtures.Account;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The admin endpoints for staff accounts: access, input checks, unknown ids and the happy paths. */
@QuarkusTest
class StaffAdminResourceTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String BASE = StaffFixtures.ADMIN_STAFF;
    private static final Random RANDOM = new Random(20261128);

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    private static RequestSpecification asOfficer() {
        return given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "50010301").accessToken());
    }

    private static Map<String, Object> newOfficer() {
        Map<String, Object> body = new HashMap<>();
        body.put("username", StaffFixtures.uniqueUsername("Officer"));
        body.put("password", "long-enough-password");
        body.put("displayName", "解放碑派出所 王警官");
        body.put("roles", List.of("OFFICER"));
        body.put("stationCode", "50010301");
        return body;
    }

    /** A station code no other test uses, so listing by it sees only this test's accounts. */
    private static synchronized String freshStation() {
        return "9" + String.format("%09d", RANDOM.nextInt(1_000_000_000)) + String.format("%02d", RANDOM.nextInt(100));
    }

    @Test
    void everyEndpointNeedsAToken() {
        String any = BASE + "/" + UUID.randomUUID();
        given().contentType("application/json").body(newOfficer()).post(BASE).then().statusCode(401)
                .contentType(PROBLEM).body("code", equalTo("unauthorized")).header("WWW-Authenticate", "Bearer");
        given().get(BASE).then().statusCode(401).body("code", equalTo("unauthorized"));
        given().get(any).then().statusCode(401).body("code", equalTo("unauthorized"));
        given().post(any + "/disable").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().post(any + "/enable").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().contentType("application/json").body(Map.of("password", "long-enough-password"))
                .post(any + "/password").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void everyEndpointIsForAdminsOnly() {
        Account target = StaffFixtures.officer("50010301");
        String self = BASE + "/" + target.id();
        asOfficer().contentType("application/json").body(newOfficer()).post(BASE).then().statusCode(403)
                .contentType(PROBLEM).body("code", equalTo("forbidden"));
        asOfficer().get(BASE).then().statusCode(403).body("code", equalTo("forbidden"));
        asOfficer().get(self).then().statusCode(403).body("code", equalTo("forbidden"));
        asOfficer().post(self + "/disable").then().statusCode(403).body("code", equalTo("forbidden"));
        asOfficer().post(self + "/enable").then().statusCode(403).body("code", equalTo("forbidden"));
        asOfficer().contentType("application/json").body(Map.of("password", "long-enough-password"))
                .post(self + "/password").then().statusCode(403).body("code", equalTo("forbidden"));
        given().auth().oauth2(TestTokens.staff(Roles.SUPERVISOR, null).accessToken()).get(BASE).then().statusCode(403);
        // and nothing happened to the account
        asAdmin().get(self).then().statusCode(200).body("disabled", equalTo(false));
    }

    @Test
    void createAnswers201WithLocationAndNeverTheHash() {
        Map<String, Object> body = newOfficer();
        String username = ((String) body.get("username")).toLowerCase();
        String location = asAdmin().contentType("application/json").body(body).post(BASE).then().statusCode(201)
                .contentType("application/json")
                .header("Location", containsString(BASE + "/"))
                .body("username", equalTo(username))
                .body("displayName", equalTo("解放碑派出所 王警官"))
                .body("roles", equalTo(List.of("OFFICER")))
                .body("stationCode", equalTo("50010301"))
                .body("divisionCode", nullValue())
                .body("disabled", equalTo(false))
                .body("lockedUntil", nullValue())
                .body("createdAt", equalTo("2026-09-30T02:00:00Z"))
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("passwordHash")))
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        asAdmin().get(BASE + "/" + id).then().statusCode(200).body("username", equalTo(username));
        // the admin who created it is the actor on the trail
        asAdmin().queryParam("action", "staff.create").queryParam("limit", 100).get("/api/v1/admin/audit").then()
                .statusCode(200).body("items.targetId", hasItem(id));
    }

    @Test
    void usernamesAreUniqueRegardlessOfCase() {
        Map<String, Object> body = newOfficer();
        asAdmin().contentType("application/json").body(body).post(BASE).then().statusCode(201);
        Map<String, Object> again = new HashMap<>(body);
        again.put("username", ((String) body.get("username")).toUpperCase());
        asAdmin().contentType("application/json").body(again).post(BASE).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("username-taken")).body("title", equalTo("用户名已被占用"));
        asAdmin().header("Accept-Language", "en").contentType("application/json").body(again).post(BASE).then()
                .statusCode(409).body("title", equalTo("Username taken"));
    }

    @Test
    void supervisorScopes() {
        Map<String, Object> station = newOfficer();
        station.put("roles", List.of("SUPERVISOR"));
        asAdmin().contentType("application/json").body(station).post(BASE).then().statusCode(201)
                .body("stationCode", equalTo("50010301"));
        Map<String, Object> district = newOfficer();
        district.put("roles", List.of("SUPERVISOR"));
        district.remove("stationCode");
        district.put("divisionCode", "500103");
        asAdmin().contentType("application/json").body(district).post(BASE).then().statusCode(201)
                .body("divisionCode", equalTo("500103")).body("stationCode", nullValue());
        Map<String, Object> city = newOfficer();
        city.put("roles", List.of("SUPERVISOR", "ADMIN"));
        city.remove("stationCode");
        asAdmin().contentType("application/json").body(city).post(BASE).then().statusCode(201)
                .body("roles", equalTo(List.of("SUPERVISOR", "ADMIN")));
    }

    @Test
    void createRefusesBadInput() {
        Map<String, Object> shortPassword = newOfficer();
        shortPassword.put("password", "elevenchars");
        expect400(shortPassword, "password", "wrong-size");

        Map<String, Object> tooManyBytes = newOfficer();
        tooManyBytes.put("password", "密码".repeat(13)); // 26 characters, 78 bytes: bcrypt would ignore the end
        expect400(tooManyBytes, "password", "wrong-size");

        Map<String, Object> officerWithoutStation = newOfficer();
        officerWithoutStation.remove("stationCode");
        expect400(officerWithoutStation, "stationCode", "required");

        Map<String, Object> both = newOfficer();
        both.put("divisionCode", "500103");
        expect400(both, "divisionCode", "invalid");

        Map<String, Object> noRoles = newOfficer();
        noRoles.put("roles", List.of());
        expect400(noRoles, "roles", "required");

        Map<String, Object> badUsername = newOfficer();
        badUsername.put("username", "has spaces");
        expect400(badUsername, "username", "wrong-format");

        Map<String, Object> badStation = newOfficer();
        badStation.put("stationCode", "5001");
        expect400(badStation, "stationCode", "wrong-format");

        Map<String, Object> unknownRole = newOfficer();
        unknownRole.put("roles", List.of("KING"));
        asAdmin().contentType("application/json").body(unknownRole).post(BASE).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"));

        asAdmin().contentType("application/json").body("{\"username\":").post(BASE).then().statusCode(400)
                .body("code", equalTo("malformed-request"));
    }

    @Test
    void listPagesThroughAStationInUsernameOrder() {
        String station = freshStation();
        List<String> usernames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            usernames.add(StaffFixtures.officer(station).username());
        }
        Account supervisor = StaffFixtures.create("supervisor", List.of("SUPERVISOR"), station, null);
        usernames.add(supervisor.username());
        usernames.sort(null);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = asAdmin().queryParam("stationCode", station).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get(BASE).then().statusCode(200).body("items", hasSize(2))
                    .extract().jsonPath();
            seen.addAll(page.getList("items.username"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(usernames, seen);

        asAdmin().queryParam("stationCode", station).queryParam("role", "SUPERVISOR").get(BASE).then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(supervisor.id().toString()))
                .body("nextCursor", nullValue());
        asAdmin().queryParam("role", "admin").queryParam("limit", 100).get(BASE).then().statusCode(200)
                .body("items.username", hasItem("bootstrap.admin"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "limit=0", "limit=101", "limit=abc", "role=KING", "stationCode=abc", "cursor=***" })
    void listRefusesBadParameters(String parameter) {
        String[] pair = parameter.split("=", 2);
        asAdmin().queryParam(pair[0], pair[1]).get(BASE).then()
                .statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo(pair[0]));
    }

    @Test
    void getCarriesAnETagAndHonoursIfNoneMatch() {
        Account officer = StaffFixtures.officer("50010501");
        String self = BASE + "/" + officer.id();
        String etag = asAdmin().get(self).then().statusCode(200).header("ETag", notNullValue())
                .body("id", equalTo(officer.id().toString())).extract().header("ETag");
        asAdmin().header("If-None-Match", etag).get(self).then().statusCode(304);
        asAdmin().post(self + "/disable").then().statusCode(200);
        asAdmin().header("If-None-Match", etag).get(self).then().statusCode(200).body("disabled", equalTo(true))
                .header("ETag", not(equalTo(etag)));
    }

    @Test
    void getShowsALockoutInForce() {
        Account officer = StaffFixtures.officer("50010601");
        for (int i = 0; i < 5; i++) {
            StaffFixtures.login(officer.username(), "wrong-password-" + i);
        }
        asAdmin().get(BASE + "/" + officer.id()).then().statusCode(200)
                .body("lockedUntil", equalTo("2026-09-30T02:15:00Z"));
    }

    @Test
    void unknownIdsAre404() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            String path = BASE + "/" + id;
            asAdmin().get(path).then().statusCode(404).contentType(PROBLEM).body("code", equalTo("not-found"));
            asAdmin().post(path + "/disable").then().statusCode(404).body("code", equalTo("not-found"));
            asAdmin().post(path + "/enable").then().statusCode(404).body("code", equalTo("not-found"));
            asAdmin().contentType("application/json").body(Map.of("password", "long-enough-password"))
                    .post(path + "/password").then().statusCode(404).body("code", equalTo("not-found"));
        }
    }

    @Test
    void disableAndEnableAreRecordedAndIdempotent() {
        Account officer = StaffFixtures.officer("50011201");
        String self = BASE + "/" + officer.id();
        asAdmin().post(self + "/disable").then().statusCode(200).body("disabled", equalTo(true));
        asAdmin().post(self + "/disable").then().statusCode(200).body("disabled", equalTo(true));
        asAdmin().post(self + "/enable").then().statusCode(200).body("disabled", equalTo(false));
        asAdmin().post(self + "/enable").then().statusCode(200).body("disabled", equalTo(false));
        asAdmin().queryParam("action", "staff.*").queryParam("limit", 100).get("/api/v1/admin/audit").then()
                .statusCode(200)
                .body("items.findAll { it.targetId == '" + officer.id() + "' }.action", hasItem("staff.disable"))
                .body("items.findAll { it.targetId == '" + officer.id() + "' }.action", hasItem("staff.enable"))
                .body("items.findAll { it.targetId == '" + officer.id() + "' }.actorType", hasItem("STAFF"));
    }

    @Test
    void passwordResetRefusesBadInput() {
        Account officer = StaffFixtures.officer("50010301");
        String path = BASE + "/" + officer.id() + "/password";
        asAdmin().contentType("application/json").body(Map.of("password", "short")).post(path).then()
                .statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("password"));
        asAdmin().contentType("application/json").body(Map.of()).post(path).then().statusCode(400)
                .body("invalidParams[0].name", equalTo("password")).body("invalidParams[0].code", equalTo("required"));
        asAdmin().contentType("application/json").body(Map.of("password", "密码".repeat(13))).post(path).then()
                .statusCode(400).body("invalidParams[0].code", equalTo("wrong-size"));
        StaffFixtures.login(officer.username(), StaffFixtures.PASSWORD).then().statusCode(200);
    }

    @Test
    void passwordResetHappyPath() {
        Account officer = StaffFixtures.officer("50010301");
        asAdmin().contentType("application/json").body(Map.of("password", "the-new-password-1"))
                .post(BASE + "/" + officer.id() + "/password").then().statusCode(204);
        StaffFixtures.login(officer.username(), "the-new-password-1").then().statusCode(200)
                .body("accessToken", notNullValue());
    }

    private static void expect400(Map<String, Object> body, String field, String code) {
        asAdmin().contentType("application/json").body(body).post(BASE).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed"))
                .body("invalidParams.find { it.name == '" + field + "' }.code", equalTo(code));
    }
}
