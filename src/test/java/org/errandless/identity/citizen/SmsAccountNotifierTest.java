package org.errandless.identity.citizen;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.notifications.Outbox;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The old account's phone hears, through the one outbox, that its identity moved to another account. */
@QuarkusTest
class SmsAccountNotifierTest {

    @Inject
    Outbox outbox;

    @Test
    void identityMovedAwayQueuesAnSms() {
        String phone = TestCitizens.newPhone();
        // the tests replace the notifier with a recording one; this exercises the production notifier itself
        QuarkusTransaction.requiringNew().run(() -> new SmsAccountNotifier(outbox)
                .identityMovedAway(UUID.randomUUID(), phone));
        given().auth().oauth2(TestTokens.admin()).queryParam("phone", phone).get("/api/v1/admin/sms-outbox").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].purpose", equalTo("IDENTITY_MOVED"))
                .body("items[0].text", equalTo(SmsAccountNotifier.IDENTITY_MOVED_TEXT));
    }
}
