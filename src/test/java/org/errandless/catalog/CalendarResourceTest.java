package org.errandless.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;

/** GET /api/v1/calendar/{year} and /api/v1/calendar/due-date. */
@QuarkusTest
class CalendarResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void year2026IsTheBundledArrangement() {
        given().when().get("/api/v1/calendar/2026").then().statusCode(200).contentType("application/json")
                .header("ETag", notNullValue())
                .body("year", equalTo(2026)).body("covered", equalTo(true))
                .body("source", equalTo("State Council General Office notice on the 2026 holiday arrangement, "
                        + "issued 2025-11-04"))
                .body("holidays", hasSize(7))
                .body("holidays.name", contains("New Year", "Spring Festival", "Qingming", "Labour Day",
                        "Dragon Boat", "Mid-Autumn", "National Day"))
                .body("holidays[1].from", equalTo("2026-02-15")).body("holidays[1].to", equalTo("2026-02-23"))
                .body("holidays[6].from", equalTo("2026-10-01")).body("holidays[6].to", equalTo("2026-10-07"))
                .body("makeUpWorkdays", contains("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
                        "2026-09-20", "2026-10-10"));
    }

    @Test
    void uncoveredYearIsEmptyAndNotCovered() {
        given().when().get("/api/v1/calendar/2027").then().statusCode(200)
                .body("year", equalTo(2027)).body("covered", equalTo(false)).body("source", nullValue())
                .body("holidays", hasSize(0)).body("makeUpWorkdays", hasSize(0));
    }

    @Test
    void yearSupportsConditionalGet() {
        String tag = given().when().get("/api/v1/calendar/2026").then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", tag).when().get("/api/v1/calendar/2026").then().statusCode(304)
                .body(emptyString());
        given().header("If-None-Match", tag).when().get("/api/v1/calendar/2027").then().statusCode(200);
    }

    @ParameterizedTest
    @CsvSource({ "1899, out-of-range", "2201, out-of-range", "-5, out-of-range", "twenty, wrong-format",
            "99999999999, wrong-format", "2026.5, wrong-format" })
    void badYearIs400ValidationFailed(String year, String code) {
        given().when().get("/api/v1/calendar/" + year).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams", hasSize(1))
                .body("invalidParams[0].name", equalTo("year")).body("invalidParams[0].code", equalTo(code));
    }

    @Test
    void dueDateAcrossNationalDay() {
        given().queryParam("from", "2026-09-30").queryParam("amount", 5).queryParam("unit", "WORKING_DAYS").when()
                .get("/api/v1/calendar/due-date").then().statusCode(200).contentType("application/json")
                .header("ETag", notNullValue())
                .body("from", equalTo("2026-09-30")).body("amount", equalTo(5)).body("unit", equalTo("WORKING_DAYS"))
                .body("dueDate", equalTo("2026-10-13")).body("covered", equalTo(true));
    }

    @Test
    void dueDateInCalendarDaysAndInAnUncoveredYear() {
        given().queryParam("from", "2026-09-30").queryParam("amount", 60).queryParam("unit", "CALENDAR_DAYS").when()
                .get("/api/v1/calendar/due-date").then().statusCode(200)
                .body("dueDate", equalTo("2026-11-29")).body("covered", equalTo(true));
        given().queryParam("from", "2027-03-01").queryParam("amount", 5).queryParam("unit", "WORKING_DAYS").when()
                .get("/api/v1/calendar/due-date").then().statusCode(200)
                .body("dueDate", equalTo("2027-03-08")).body("covered", equalTo(false));
        given().queryParam("from", "2026-10-01").queryParam("amount", 0).queryParam("unit", "WORKING_DAYS").when()
                .get("/api/v1/calendar/due-date").then().statusCode(200)
                .body("dueDate", equalTo("2026-10-01")).body("covered", equalTo(true));
        given().queryParam("from", "2026-02-13").queryParam("amount", 1).queryParam("unit", "WORKING_DAYS").when()
                .get("/api/v1/calendar/due-date").then().statusCode(200).body("dueDate", equalTo("2026-02-14"));
        given().queryParam("from", "2020-01-01").queryParam("amount", 3650).queryParam("unit", "WORKING_DAYS")
                .when().get("/api/v1/calendar/due-date").then().statusCode(200).body("covered", equalTo(false));
    }

    @ParameterizedTest(name = "from={0} amount={1} unit={2}: {3} {4}")
    @CsvSource(nullValues = "NONE", value = {
            "NONE, 5, WORKING_DAYS, from, required",
            "'', 5, WORKING_DAYS, from, required",
            "2026-13-01, 5, WORKING_DAYS, from, wrong-format",
            "2026-02-30, 5, WORKING_DAYS, from, wrong-format",
            "30/09/2026, 5, WORKING_DAYS, from, wrong-format",
            "1899-12-31, 5, WORKING_DAYS, from, out-of-range",
            "2026-09-30, NONE, WORKING_DAYS, amount, required",
            "2026-09-30, five, WORKING_DAYS, amount, wrong-type",
            "2026-09-30, 1.5, WORKING_DAYS, amount, wrong-type",
            "2026-09-30, -1, WORKING_DAYS, amount, out-of-range",
            "2026-09-30, 3651, WORKING_DAYS, amount, out-of-range",
            "2026-09-30, 99999999999, WORKING_DAYS, amount, wrong-type",
            "2026-09-30, 5, NONE, unit, required",
            "2026-09-30, 5, FORTNIGHTS, unit, invalid",
            "2026-09-30, 5, working_days, unit, invalid" })
    void eachBadParameterIs400ValidationFailed(String from, String amount, String unit, String name, String code) {
        var request = given();
        if (from != null) {
            request.queryParam("from", from);
        }
        if (amount != null) {
            request.queryParam("amount", amount);
        }
        if (unit != null) {
            request.queryParam("unit", unit);
        }
        request.when().get("/api/v1/calendar/due-date").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("status", equalTo(400))
                .body("invalidParams", hasSize(1)).body("invalidParams[0].name", equalTo(name))
                .body("invalidParams[0].code", equalTo(code)).body("invalidParams[0].reason", notNullValue());
    }

    @Test
    void everyBadParameterIsNamedAtOnce() {
        given().queryParam("from", "yesterday").queryParam("amount", -3).queryParam("unit", "WEEKS").when()
                .get("/api/v1/calendar/due-date").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams", hasSize(3))
                .body("invalidParams.name", containsInAnyOrder("from", "amount", "unit"));
        given().when().get("/api/v1/calendar/due-date").then().statusCode(400).contentType(PROBLEM)
                .body("invalidParams.name", containsInAnyOrder("from", "amount", "unit"))
                .body("invalidParams.code", contains("required", "required", "required"));
        given().header("Accept-Language", "en").when().get("/api/v1/calendar/due-date").then().statusCode(400)
                .body("title", equalTo("Invalid request parameters"));
    }
}
