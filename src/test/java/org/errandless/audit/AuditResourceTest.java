package org.errandless.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.common.security.Roles;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/** The admin endpoints of the audit trail. Other tests append too, so this one filters by its own actor id. */
@QuarkusTest
class AuditResourceTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String LIST = "/api/v1/admin/audit";
    private static final String VERIFY = "/api/v1/admin/audit/verify";

    @Inject
    AuditTrail trail;

    @Test
    void bothNeedAnAdminToken() {
        for (String path : new String[] { LIST, VERIFY }) {
            given().get(path).then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
            given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "50010301").accessToken()).get(path).then()
                    .statusCode(403).contentType(PROBLEM).body("code", equalTo("forbidden"));
        }
    }

    @Test
    void listFiltersAndPagesNewestFirst() {
        String actor = "audit-resource-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            trail.record(AuditEntry.success(AuditActor.staff(actor, "ADMIN"), "test.audit-resource")
                    .detail("n", Integer.toString(i)));
        }
        trail.recordFailure(AuditEntry.denied(AuditActor.staff(actor, "ADMIN"), "test.audit-resource"));
        String admin = TestTokens.admin();

        String cursor = given().auth().oauth2(admin).queryParam("actorId", actor).queryParam("limit", 2).get(LIST)
                .then().statusCode(200).contentType("application/json").body("items", hasSize(2))
                .body("items[0].outcome", equalTo("DENIED")).body("items[1].details.n", equalTo("2"))
                .body("nextCursor", notNullValue()).extract().path("nextCursor");
        given().auth().oauth2(admin).queryParam("actorId", actor).queryParam("limit", 2).queryParam("cursor", cursor)
                .get(LIST).then().statusCode(200).body("items", hasSize(2)).body("items[1].details.n", equalTo("0"))
                .body("nextCursor", nullValue());

        given().auth().oauth2(admin).queryParam("actorId", actor).queryParam("outcome", "success")
                .queryParam("actorType", "STAFF").queryParam("action", "test.*")
                .queryParam("from", "2026-09-30T02:00:00Z").queryParam("to", "2026-09-30T02:00:01+00:00").get(LIST)
                .then().statusCode(200).body("items", hasSize(3)).body("items[0].actorId", equalTo(actor))
                .body("items[0].occurredAt", equalTo("2026-09-30T02:00:00Z"));
        given().auth().oauth2(admin).queryParam("actorId", actor).queryParam("to", "2026-09-30T02:00:00Z").get(LIST)
                .then().statusCode(200).body("items", hasSize(0)).body("nextCursor", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "actorType=ROBOT", "outcome=MAYBE", "from=yesterday", "to=2026-09-30",
            "limit=0", "limit=ten", "cursor=***" })
    void listRefusesBadParameters(String parameter) {
        String[] pair = parameter.split("=", 2);
        given().auth().oauth2(TestTokens.admin()).queryParam(pair[0], pair[1]).get(LIST).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo(pair[0]));
    }

    @Test
    void verifyAnswersValid() {
        trail.record(AuditEntry.success(AuditActor.system("audit-resource-test"), "test.audit-resource"));
        given().auth().oauth2(TestTokens.admin()).get(VERIFY).then().statusCode(200)
                .contentType("application/json").body("valid", equalTo(true))
                .body("checked", greaterThanOrEqualTo(1)).body("firstBroken", nullValue());
    }
}
