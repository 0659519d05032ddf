package org.errandless.notifications;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.errandless.applications.ApplicationStatus;
import org.errandless.applications.ApplicationStatusChanged;
import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CountingUnit;
import org.errandless.common.security.Roles;
import org.errandless.common.time.BusinessClock;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Status changes of applications become the citizen's notifications: an {@link ApplicationStatusChanged} fired in a
 * transaction (a fabricated application, a real citizen account) leaves one message in the citizen's list and its
 * SMS and PUSH deliveries in the outbox, or nothing at all when the transaction rolls back; the citizen reads their
 * own list, and only theirs, at {@code GET /api/v1/me/notifications}. (That every real transition tells the citizen,
 * over HTTP, is {@code applications.ApplicationNotificationsTest}.)
 */
@QuarkusTest
class StatusChangeNotificationsTest {

    private static final String PATH = "/api/v1/me/notifications";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    Event<ApplicationStatusChanged> events;
    @Inject
    Outbox outbox;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    BusinessClock clock;
    @Inject
    CalendarService calendar;
    @Inject
    RegistryFixtures fixtures;

    /**
     * The applicant's person: a registered one, as for every real application, because a completion also issues the
     * certificate ("Certificates" observes the same event), which is made out to a person of the register.
     */
    private UUID applicantPerson;

    @BeforeEach
    void aRegisteredApplicant() {
        applicantPerson = fixtures.household(Relationship.HEAD).member(Relationship.HEAD).id();
    }

    @Test
    void anAcceptanceQueuesSmsAndPushAndJoinsTheCitizensList() throws SQLException {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        UUID application = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> events.fire(change(citizen, application,
                ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, "accept", true)));

        LocalDate due = calendar.dueDate(clock.today(), 1, CountingUnit.WORKING_DAYS).date();
        String text = "您的出生登记申请已受理，办理期限至" + due.getMonthValue() + "月" + due.getDayOfMonth() + "日。";
        List<Delivery> deliveries = deliveries(application);
        assertEquals(2, deliveries.size());
        Delivery sms = deliveries.get(0);
        Delivery push = deliveries.get(1);
        assertEquals("SMS", sms.channel());
        assertEquals("【重庆户籍】" + text, sms.body());
        assertEquals("PUSH", push.channel());
        assertEquals(text, push.body());
        for (Delivery delivery : deliveries) {
            assertEquals("STATUS_CHANGED", delivery.purpose());
            assertEquals("PENDING", delivery.status());
            assertEquals(citizen.accountId(), delivery.recipientAccountId());
            assertEquals(sms.notificationId(), delivery.notificationId());
        }

        given().auth().oauth2(citizen.accessToken()).get(PATH).then().statusCode(200).body("items", hasSize(1))
                .body("items[0].id", equalTo(sms.notificationId().toString()))
                .body("items[0].applicationId", equalTo(application.toString()))
                .body("items[0].text", equalTo(text))
                .body("items[0].createdAt", equalTo("2026-09-30T02:00:00Z"))
                .body("items[0].channelStates.SMS", equalTo("PENDING"))
                .body("items[0].channelStates.PUSH", equalTo("PENDING"))
                .body("nextCursor", nullValue());
    }

    @Test
    void aRolledBackTransitionLeavesNoMessage() throws SQLException {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        UUID application = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            events.fire(change(citizen, application, ApplicationStatus.ACCEPTED, ApplicationStatus.COMPLETED,
                    "approve", true));
            throw new IllegalStateException("the transition fails after its event");
        }));
        assertEquals(0, deliveries(application).size());
        given().auth().oauth2(citizen.accessToken()).get(PATH).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void eachStatusOfInterestHasItsText() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        UUID application = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            fire(citizen, application, null, ApplicationStatus.DRAFT, "create");
            fire(citizen, application, ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, "submit");
            fire(citizen, application, ApplicationStatus.SUBMITTED, ApplicationStatus.SUPPLEMENT_REQUIRED,
                    "request-supplement");
            fire(citizen, application, ApplicationStatus.SUPPLEMENT_REQUIRED, ApplicationStatus.SUBMITTED, "submit");
            fire(citizen, application, ApplicationStatus.ACCEPTED, ApplicationStatus.SUSPENDED, "suspend");
            fire(citizen, application, ApplicationStatus.SUSPENDED, ApplicationStatus.ACCEPTED, "resume");
            fire(citizen, application, ApplicationStatus.ACCEPTED, ApplicationStatus.APPROVED, "approve");
            fire(citizen, application, ApplicationStatus.APPROVED, ApplicationStatus.COMPLETED, "complete");
            fire(citizen, application, ApplicationStatus.SUBMITTED, ApplicationStatus.REJECTED, "reject");
            fire(citizen, application, ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED, "reject");
            fire(citizen, application, ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN, "withdraw");
        });
        LocalDate acceptBy = calendar.dueDate(clock.today(), 5, CountingUnit.WORKING_DAYS).date();
        String by = acceptBy.getMonthValue() + "月" + acceptBy.getDayOfMonth() + "日";
        List<String> texts = given().auth().oauth2(citizen.accessToken()).queryParam("limit", 100).get(PATH).then()
                .statusCode(200).extract().jsonPath().getList("items.text", String.class);
        assertEquals(List.of(
                "您的出生登记申请已撤回。如非本人操作，请尽快联系派出所。",
                "您的出生登记申请未获批准，原因请在APP中查看。",
                "您的出生登记申请未予受理，原因请在APP中查看。",
                "您的出生登记申请已办结，办理结果请在APP中查看。",
                "您的出生登记申请已审批通过，领取方式请在APP中查看。",
                "您的出生登记申请已恢复办理，可在APP中查看新的办理期限。",
                "您的出生登记申请已中止办理，办理期限相应顺延，原因请在APP中查看。",
                "您的出生登记申请已重新提交，派出所将于" + by + "前受理或告知。",
                "您的出生登记申请需补正材料，请在APP中查看一次性告知的材料清单并补交。",
                "您的出生登记申请已提交，派出所将于" + by + "前受理或告知。",
                "您的出生登记申请已创建，备齐材料后请在APP中提交。"), texts);
    }

    @Test
    void internalEventsAreNotTold() throws SQLException {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        UUID application = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> events.fire(change(citizen, application,
                ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, "accept", false)));
        assertEquals(0, deliveries(application).size());
    }

    @Test
    void anUnknownApplicantIsSkippedWithoutFailingTheTransition() throws SQLException {
        UUID application = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> events.fire(new ApplicationStatusChanged(application,
                "BIRTH_REGISTRATION", UUID.randomUUID(), UUID.randomUUID(), "500103001", ApplicationStatus.SUBMITTED,
                ApplicationStatus.ACCEPTED, "accept", 3, true, null, clock.now())));
        assertEquals(0, deliveries(application).size());
    }

    @Test
    void theListIsPagedNewestFirstAndOnlyTheCitizensOwn() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        TestCitizens.SignedIn other = TestCitizens.signIn();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 1; i <= 3; i++) {
                outbox.notifyCitizen(citizen.accountId(), citizen.phone(), UUID.randomUUID(), "message " + i);
            }
            outbox.notifyCitizen(other.accountId(), other.phone(), UUID.randomUUID(), "not theirs");
            // sign-in codes go to the same phone, never to the list
            outbox.enqueueSms(citizen.phone(), "【重庆户籍】验证码 123456", MessagePurpose.OTP);
        });
        String cursor = given().auth().oauth2(citizen.accessToken()).queryParam("limit", 2).get(PATH).then()
                .statusCode(200).body("items", hasSize(2)).body("items[0].text", equalTo("message 3"))
                .body("items[1].text", equalTo("message 2")).body("nextCursor", notNullValue()).extract()
                .path("nextCursor");
        given().auth().oauth2(citizen.accessToken()).queryParam("limit", 2).queryParam("cursor", cursor).get(PATH)
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].text", equalTo("message 1"))
                .body("nextCursor", nullValue());
        given().auth().oauth2(other.accessToken()).get(PATH).then().statusCode(200).body("items", hasSize(1))
                .body("items[0].text", equalTo("not theirs"));
    }

    @Test
    void badPagingIsValidationFailed() {
        String token = TestCitizens.signIn().accessToken();
        given().auth().oauth2(token).queryParam("limit", 0).get(PATH).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed")).body("invalidParams[0].name", equalTo("limit"));
        given().auth().oauth2(token).queryParam("limit", "many").get(PATH).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"));
        given().auth().oauth2(token).queryParam("cursor", "not-ours").get(PATH).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("cursor"));
    }

    @Test
    void onlySignedInCitizensReadIt() {
        given().get(PATH).then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
        given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "500103001").accessToken()).get(PATH).then()
                .statusCode(403).contentType(PROBLEM).body("code", equalTo("forbidden"));
    }

    private void fire(TestCitizens.SignedIn citizen, UUID application, ApplicationStatus from, ApplicationStatus to,
            String action) {
        events.fire(change(citizen, application, from, to, action, true));
    }

    private ApplicationStatusChanged change(TestCitizens.SignedIn citizen, UUID application, ApplicationStatus from,
            ApplicationStatus to, String action, boolean publicEvent) {
        Instant at = clock.now();
        return new ApplicationStatusChanged(application, "BIRTH_REGISTRATION", citizen.accountId(), applicantPerson,
                "500103001", from, to, action, 1, publicEvent, "内部备注：不应出现在短信中", at);
    }

    private List<Delivery> deliveries(UUID application) throws SQLException {
        List<Delivery> deliveries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select channel, purpose, status, body, "
                        + "recipient_account_id, notification_id from outbox_message where subject_id = ? "
                        + "order by channel desc, seq")) {
            select.setObject(1, application);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    deliveries.add(new Delivery(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getObject(5, UUID.class), rows.getObject(6, UUID.class)));
                }
            }
        }
        assertTrue(deliveries.stream().noneMatch(delivery -> delivery.body().contains("内部备注")));
        return deliveries;
    }

    private record Delivery(String channel, String purpose, String status, String body, UUID recipientAccountId,
            UUID notificationId) {
    }
}
