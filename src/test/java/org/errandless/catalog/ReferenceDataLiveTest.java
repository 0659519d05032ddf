package org.errandless.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

import jakarta.inject.Inject;

import org.errandless.common.live.LiveFeed;
import org.errandless.support.OtherInstance;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The catalogue and the working-day calendar live in memory on every instance (issue 16 item 1) and stay true: a change
 * committed by another instance (a plain JDBC connection that publishes the key, as the services do) is served here
 * once its notification arrived, and a listener that lost its connection reads them again (what was published while
 * nobody listened is lost). Waits are bounded futures on the live feed, never sleeps.
 */
@QuarkusTest
class ReferenceDataLiveTest {

    private static final String SERVICE = "/api/v1/services/HOUSEHOLD_CERTIFICATE";
    /** A year no other test uses. */
    private static final int YEAR = 2196;

    @Inject
    LiveFeed feed;
    @Inject
    CatalogService catalog;
    @Inject
    CalendarService calendar;

    @Test
    void aCatalogueChangedOnAnotherInstanceIsServedHere() throws Exception {
        String before = given().get(SERVICE).then().statusCode(200).body("name.en", equalTo("Household registration "
                + "certificate")).extract().header("ETag");
        String list = given().get("/api/v1/services").then().statusCode(200).extract().header("ETag");
        // unchanged: the same instance every time
        assertSame(catalog.service("HOUSEHOLD_CERTIFICATE"), catalog.service("HOUSEHOLD_CERTIFICATE"));
        try {
            OtherInstance.commitAndPublish(feed, CatalogService.LIVE_KEY, connection -> rename(connection,
                    "Certificate of household registration"));
            String after = given().get(SERVICE).then().statusCode(200)
                    .body("name.en", equalTo("Certificate of household registration")).extract().header("ETag");
            assertNotEquals(before, after);
            assertNotEquals(list, given().get("/api/v1/services").then().statusCode(200).extract().header("ETag"));
            given().header("If-None-Match", before).get(SERVICE).then().statusCode(200);
        } finally {
            OtherInstance.commitAndPublish(feed, CatalogService.LIVE_KEY,
                    connection -> rename(connection, "Household registration certificate"));
        }
        given().header("If-None-Match", before).get(SERVICE).then().statusCode(304);
    }

    @Test
    void aCalendarYearLoadedOnAnotherInstanceCountsHere() throws Exception {
        given().get("/api/v1/calendar/" + YEAR).then().statusCode(200).body("covered", equalTo(false));
        // 2196-10-03 is a Monday
        assertEquals(new DueDate(LocalDate.parse("2196-10-04"), false),
                calendar.dueDate(LocalDate.parse("2196-10-03"), 1, CountingUnit.WORKING_DAYS));
        try {
            OtherInstance.commitAndPublish(feed, CalendarService.LIVE_KEY, connection -> {
                execute(connection, "insert into calendar_year (year, source, updated_at) values (" + YEAR
                        + ", 'another instance', now())");
                execute(connection, "insert into calendar_day (day, year, kind, name) values ('2196-10-04', " + YEAR
                        + ", 'HOLIDAY', '国庆节')");
            });
            given().get("/api/v1/calendar/" + YEAR).then().statusCode(200).body("covered", equalTo(true))
                    .body("source", equalTo("another instance")).body("holidays[0].from", equalTo("2196-10-04"));
            assertEquals(new DueDate(LocalDate.parse("2196-10-05"), true),
                    calendar.dueDate(LocalDate.parse("2196-10-03"), 1, CountingUnit.WORKING_DAYS));
        } finally {
            OtherInstance.commitAndPublish(feed, CalendarService.LIVE_KEY,
                    connection -> execute(connection, "delete from calendar_year where year = " + YEAR));
        }
        given().get("/api/v1/calendar/" + YEAR).then().statusCode(200).body("covered", equalTo(false));
    }

    @Test
    void aListenerThatReconnectsReadsThemAgain() throws Exception {
        String before = given().get(SERVICE).then().statusCode(200).extract().header("ETag");
        try {
            // changed while this instance's listener was down: the notification is lost
            OtherInstance.loseListener(feed, connection -> rename(connection, "Missed while nobody listened"));
            given().get(SERVICE).then().statusCode(200).body("name.en", equalTo("Missed while nobody listened"));
        } finally {
            OtherInstance.commitAndPublish(feed, CatalogService.LIVE_KEY,
                    connection -> rename(connection, "Household registration certificate"));
        }
        given().header("If-None-Match", before).get(SERVICE).then().statusCode(304);
    }

    private static void rename(Connection connection, String nameEn) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update service_item set name_en = ? where code = 'HOUSEHOLD_CERTIFICATE'")) {
            update.setString(1, nameEn);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
