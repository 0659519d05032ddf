package org.errandless.notifications;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import jakarta.inject.Inject;

import org.errandless.common.security.Roles;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The development SMS outbox (the test profile uses the log gateway). */
@QuarkusTest
class SmsOutboxResourceTest {

    private static final String PATH = "/api/v1/admin/sms-outbox";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    Outbox outbox;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void listsAPhonesMessagesNewestFirstInPages() throws Exception {
        String phone = TestCitizens.newPhone();
        String other = TestCitizens.newPhone();
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.enqueueSms(phone, "first", MessagePurpose.OTP);
            outbox.enqueueSms(other, "not theirs", MessagePurpose.OTP);
            outbox.enqueueSms("+86" + phone, "second", MessagePurpose.IDENTITY_MOVED);
            outbox.enqueueSms(phone, "third", MessagePurpose.OTP);
        });
        String admin = TestTokens.admin();
        String masked = phone.substring(0, 3) + "****" + phone.substring(7);
        String cursor = given().auth().oauth2(admin).queryParam("phone", phone).queryParam("limit", 2).get(PATH)
                .then().statusCode(200).body("items", hasSize(2)).body("items[0].text", equalTo("third"))
                .body("items[0].phone", equalTo(masked)).body("items[0].purpose", equalTo("OTP"))
                .body("items[0].status", equalTo("PENDING")).body("items[0].redacted", equalTo(false))
                .body("items[0].createdAt", equalTo("2026-09-30T02:00:00Z"))
                .body("items[1].text", equalTo("second")).body("items[1].purpose", equalTo("IDENTITY_MOVED"))
                .body("nextCursor", notNullValue()).extract().path("nextCursor");
        given().auth().oauth2(admin).queryParam("phone", "+86" + phone).queryParam("limit", 2)
                .queryParam("cursor", cursor).get(PATH).then().statusCode(200).body("items", hasSize(1))
                .body("items[0].text", equalTo("first")).body("nextCursor", nullValue());

        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select actor_type, details::text from "
                        + "audit_event where action = 'admin.sms-outbox.read' order by seq desc limit 1");
                ResultSet row = select.executeQuery()) {
            assertTrue(row.next());
            assertEquals("STAFF", row.getString(1));
            assertTrue(row.getString(2).contains("\"messages\": \"1\""), row.getString(2));
        }
    }

    @Test
    void theRecipientIsNeverStoredInClear() throws Exception {
        String phone = TestCitizens.newPhone();
        java.util.UUID id = QuarkusTransaction.requiringNew()
                .call(() -> outbox.enqueueSms(phone, "hello", MessagePurpose.OTP));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select recipient_cipher, recipient_hash from outbox_message where id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                assertTrue(row.getString(1).startsWith("v1:"));
                assertTrue(!row.getString(1).contains(phone) && !row.getString(2).contains(phone));
            }
        }
    }

    @Test
    void aPhoneIsRequiredAndValidated() {
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).get(PATH).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("phone"))
                .body("invalidParams[0].code", equalTo("required"));
        for (String phone : new String[] { "02363800000", "1380000000", "+12025550123", "abc" }) {
            given().auth().oauth2(admin).queryParam("phone", phone).get(PATH).then().statusCode(400)
                    .contentType(PROBLEM).body("code", equalTo("validation-failed"))
                    .body("invalidParams[0].name", equalTo("phone"));
        }
        given().auth().oauth2(admin).queryParam("phone", TestCitizens.newPhone()).queryParam("limit", "x").get(PATH)
                .then().statusCode(400).contentType(PROBLEM).body("invalidParams[0].name", equalTo("limit"));
        given().auth().oauth2(admin).queryParam("phone", TestCitizens.newPhone()).queryParam("limit", 0).get(PATH)
                .then().statusCode(400).contentType(PROBLEM).body("invalidParams[0].name", equalTo("limit"));
        given().auth().oauth2(admin).queryParam("phone", TestCitizens.newPhone()).queryParam("cursor", "!!")
                .get(PATH).then().statusCode(400).contentType(PROBLEM).body("invalidParams[0].name", equalTo("cursor"));
    }

    @Test
    void anUnknownPhoneHasAnEmptyOutbox() {
        given().auth().oauth2(TestTokens.admin()).queryParam("phone", TestCitizens.newPhone()).get(PATH).then()
                .statusCode(200).body("items", hasSize(0)).body("nextCursor", nullValue());
    }

    @Test
    void onlyAdmins() {
        given().queryParam("phone", TestCitizens.newPhone()).get(PATH).then().statusCode(401).contentType(PROBLEM)
                .body("code", equalTo("unauthorized")).header("WWW-Authenticate", equalTo("Bearer"));
        given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "50010301").accessToken())
                .queryParam("phone", TestCitizens.newPhone()).get(PATH).then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("forbidden"));
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        given().auth().oauth2(citizen.accessToken()).queryParam("phone", citizen.phone()).get(PATH).then()
                .statusCode(403).body("code", equalTo("forbidden"));
    }
}
