package org.errandless.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.errandless.common.security.Roles;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** PUT /admin/calendar/{year}: admins load a year, deadlines count with it at once. Uses years no other test uses. */
@QuarkusTest
class AdminCalendarResourceTest {

    private static final String PATH = "/api/v1/admin/calendar/{year}";

    private static Map<String, Object> arrangement(int year) {
        return Map.of("source", "test arrangement",
                "holidays", List.of(Map.of("name", "National Day", "from", year + "-10-01", "to", year + "-10-07")),
                "makeUpWorkdays", List.of(year + "-10-09"));
    }

    @Test
    void adminLoadsAYearAndDueDatesUseIt() {
        int year = 2191;
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(arrangement(year))
                .put(PATH, year).then().statusCode(200).body("year", equalTo(year)).body("covered", equalTo(true))
                .body("holidays[0].name", equalTo("National Day")).body("makeUpWorkdays", hasItem(year + "-10-09"));
        given().get("/api/v1/calendar/{year}", year).then().statusCode(200).body("covered", equalTo(true));
        // 2191-09-30 is a Friday: 1-7 October off, Saturday 8 October off, Sunday 9 October worked (调休)
        given().queryParam("from", year + "-09-30").queryParam("amount", 1).queryParam("unit", "WORKING_DAYS")
                .get("/api/v1/calendar/due-date").then().statusCode(200).body("dueDate", equalTo(year + "-10-09"));
    }

    @Test
    void invalidArrangementIs400() {
        Map<String, Object> body = Map.of("holidays",
                List.of(Map.of("name", "Backwards", "from", "2192-10-07", "to", "2192-10-01")),
                "makeUpWorkdays", List.of("2192-10-05"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body).put(PATH, 2192).then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("validation-failed"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(arrangement(2193))
                .put(PATH, "next-year").then().statusCode(400).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("year"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"holidays\": [}")
                .put(PATH, 2193).then().statusCode(400).body("code", equalTo("malformed-request"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{}").put(PATH, 2193).then()
                .statusCode(400).body("code", equalTo("validation-failed"));
    }

    @Test
    void onlyAdminsMayChangeTheCalendar() {
        given().contentType("application/json").body(arrangement(2194)).put(PATH, 2194).then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "50010301").accessToken())
                .contentType("application/json").body(arrangement(2194)).put(PATH, 2194).then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }
}
