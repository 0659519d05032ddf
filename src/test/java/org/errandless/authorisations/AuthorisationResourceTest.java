package org.errandless.authorisations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.common.time.TestBusinessClock;
import org.errandless.registry.FamilyFixtures;
import org.errandless.registry.FamilyFixtures.Born;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.RegistryFixtures.Family;
import org.errandless.registry.RegistryFixtures.Member;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestOtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * 代办 authorisations (issue 15 item 2): the agent asks, the principal's registered mobile gets a code, the agent
 * confirms with it; an ACTIVE authorisation lets the agent apply for the principal in that one service; revocation
 * (by either party) and expiry end that, while applications already submitted continue. The business date is
 * 2026-09-30.
 */
@QuarkusTest
class AuthorisationResourceTest {

    private static final String AUTHORISATIONS = "/api/v1/me/authorisations";
    private static final String APPLICATIONS = "/api/v1/applications";
    private static final String PROBLEM = "application/problem+json";
    private static final LocalDate ELDER = LocalDate.of(1950, 6, 1);
    private static final LocalDate ADULT = LocalDate.of(1984, 3, 12);
    private static final Map<String, Object> CERTIFICATE_FORM = Map.of("purpose", "办理入学");

    @Inject
    FamilyFixtures families;
    @Inject
    org.errandless.audit.AuditTrail audit;

    /** The audit events of one action about one authorisation. */
    private List<org.errandless.audit.AuditEvent> audited(String action, String id) {
        return audit.list(org.errandless.audit.AuditQuery.all().action(action), null, 100).items().stream()
                .filter(event -> id.equals(event.targetId())).toList();
    }

    /** A principal of their own household with a registered mobile, and an agent of another household. */
    private record Pair(Member principal, String principalMobile, String principalToken, Member agent,
            String agentToken) {
    }

    @AfterEach
    void resetClock() {
        TestBusinessClock.reset();
    }

    private Pair pair() {
        Family elders = families.household(new Born(Relationship.HEAD, ELDER));
        Family children = families.household(new Born(Relationship.HEAD, ADULT));
        Member principal = elders.member(Relationship.HEAD);
        String mobile = TestCitizens.newPhone();
        families.registerMobile(principal.id(), mobile);
        Member agent = children.member(Relationship.HEAD);
        return new Pair(principal, mobile, TestCitizens.boundTo(principal.id()).accessToken(), agent,
                TestCitizens.boundTo(agent.id()).accessToken());
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static Response ask(String token, String name, String idNumber, String serviceCode, Object validDays) {
        Map<String, Object> body = new HashMap<>();
        body.put("principalName", name);
        body.put("principalIdNumber", idNumber);
        body.put("serviceCode", serviceCode);
        body.put("validDays", validDays);
        return as(token).contentType(ContentType.JSON).body(body).post(AUTHORISATIONS);
    }

    private static String askFor(Pair pair, String serviceCode, int validDays) {
        return ask(pair.agentToken(), pair.principal().name(), pair.principal().idNumber(), serviceCode, validDays)
                .then().statusCode(201).extract().path("id");
    }

    private static Response confirm(String token, String id, String code) {
        return as(token).contentType(ContentType.JSON).body(Map.of("code", code))
                .post(AUTHORISATIONS + "/" + id + "/confirmation");
    }

    private static Response apply(String token, String serviceCode, Object onBehalfOf) {
        Map<String, Object> body = new HashMap<>();
        body.put("serviceCode", serviceCode);
        body.put("form", serviceCode.equals("ADDRESS_CHANGE") ? Map.of("newAddress", "重庆市南岸区家庭路9号")
                : CERTIFICATE_FORM);
        body.put("onBehalfOf", onBehalfOf);
        return as(token).contentType(ContentType.JSON).body(body).post(APPLICATIONS);
    }

    private static Response submit(String token, String id) {
        String etag = as(token).get(APPLICATIONS + "/" + id).then().statusCode(200).extract().header("ETag");
        return as(token).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("consentToDataSharing", false)).post(APPLICATIONS + "/" + id + "/submit");
    }

    @Test
    void anAgentConfirmedByThePrincipalsCodeAppliesForThemUntilRevoked() {
        Pair pair = pair();
        String id = ask(pair.agentToken(), pair.principal().name(), pair.principal().idNumber(),
                "HOUSEHOLD_CERTIFICATE", 30).then().statusCode(201)
                .header("Location", notNullValue())
                .extract().path("id");
        String text = TestOtp.latestText(pair.principalMobile());
        String code = TestOtp.codeIn(text);
        // until confirmed the agent does not learn the principal's register id, and cannot use it
        as(pair.agentToken()).get(AUTHORISATIONS).then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.state", equalTo("PENDING"))
                .body("items.find { it.id == '" + id + "' }.principal.personId", nullValue());
        apply(pair.agentToken(), "HOUSEHOLD_CERTIFICATE", pair.principal().id()).then().statusCode(403)
                .body("code", equalTo("not-entitled-to-act"));

        confirm(pair.agentToken(), id, TestOtp.wrong(code)).then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("authorisation-code-invalid"));
        confirm(pair.agentToken(), id, code).then().statusCode(200)
                .body("state", equalTo("ACTIVE"))
                .body("role", equalTo("AGENT"))
                .body("principal.personId", equalTo(pair.principal().id().toString()))
                .body("validUntil", equalTo("2026-10-30T02:00:00Z"));
        confirm(pair.agentToken(), id, code).then().statusCode(409).body("code", equalTo("authorisation-not-pending"));

        // the agent applies for the principal in that service, and only in that one
        String submitted = apply(pair.agentToken(), "HOUSEHOLD_CERTIFICATE", pair.principal().id()).then()
                .statusCode(201).body("actingBasis", equalTo("AUTHORISATION"))
                .body("subject.personId", equalTo(pair.principal().id().toString()))
                .body("applicant.personId", equalTo(pair.agent().id().toString())).extract().path("id");
        String draft = apply(pair.agentToken(), "HOUSEHOLD_CERTIFICATE", pair.principal().id()).then()
                .statusCode(201).extract().path("id");
        submit(pair.agentToken(), submitted).then().statusCode(200);
        apply(pair.agentToken(), "ADDRESS_CHANGE", pair.principal().id()).then().statusCode(403)
                .body("code", equalTo("not-entitled-to-act"));

        // the principal sees what they gave, and revokes it
        as(pair.principalToken()).get(AUTHORISATIONS).then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.role", equalTo("PRINCIPAL"))
                .body("items.find { it.id == '" + id + "' }.agent.personId", equalTo(pair.agent().id().toString()));
        as(pair.principalToken()).delete(AUTHORISATIONS + "/" + id).then().statusCode(204);
        as(pair.principalToken()).delete(AUTHORISATIONS + "/" + id).then().statusCode(204);
        as(pair.agentToken()).get(AUTHORISATIONS).then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.state", equalTo("REVOKED"))
                .body("items.find { it.id == '" + id + "' }.revokedBy", equalTo("PRINCIPAL"));

        // no new application, no submission of the draft; what was submitted stays the agent's
        apply(pair.agentToken(), "HOUSEHOLD_CERTIFICATE", pair.principal().id()).then().statusCode(403)
                .contentType(PROBLEM).body("code", equalTo("not-entitled-to-act"));
        submit(pair.agentToken(), draft).then().statusCode(403).body("code", equalTo("not-entitled-to-act"));
        as(pair.agentToken()).get(APPLICATIONS + "/" + submitted).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));

        // the request, the wrong code, the grant and the one revocation are on the audit trail
        assertEquals(1, audited("authorisation.request", id).size());
        assertEquals(1, audited("authorisation.confirm", id).size());
        assertEquals(1, audited("authorisation.grant", id).size());
        assertEquals("HOUSEHOLD_CERTIFICATE", audited("authorisation.grant", id).get(0).details().get("serviceCode"));
        assertEquals(1, audited("authorisation.revoke", id).size());
        assertEquals("PRINCIPAL", audited("authorisation.revoke", id).get(0).details().get("revokedBy"));
    }

    @Test
    void theAgentMayRevokeToo() {
        Pair pair = pair();
        String id = askFor(pair, "HOUSEHOLD_CERTIFICATE", 10);
        confirm(pair.agentToken(), id, TestOtp.latestCode(pair.principalMobile())).then().statusCode(200);
        as(pair.agentToken()).delete(AUTHORISATIONS + "/" + id).then().statusCode(204);
        as(pair.principalToken()).get(AUTHORISATIONS).then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.revokedBy", equalTo("AGENT"));
    }

    @Test
    void anAuthorisationExpiresAndSoDoesItsCode() {
        Pair pair = pair();
        String id = askFor(pair, "HOUSEHOLD_CERTIFICATE", 1);
        confirm(pair.agentToken(), id, TestOtp.latestCode(pair.principalMobile())).then().statusCode(200);
        apply(pair.agentToken(), "HOUSEHOLD_CERTIFICATE", pair.principal().id()).then().statusCode(201);

        String late = askFor(pair, "HOUSEHOLD_CERTIFICATE", 1);
        String lateCode = TestOtp.latestCode(pair.principalMobile());
        TestBusinessClock.advance(Duration.ofMinutes(11));
        confirm(pair.agentToken(), late, lateCode).then().statusCode(410).contentType(PROBLEM)
                .body("code", equalTo("authorisation-code-expired"));

        TestBusinessClock.advance(Duration.ofDays(1));
        as(pair.agentToken()).get(AUTHORISATIONS).then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.state", equalTo("EXPIRED"))
                .body("items.find { it.id == '" + late + "' }.state", equalTo("EXPIRED"));
        apply(pair.agentToken(), "HOUSEHOLD_CERTIFICATE", pair.principal().id()).then().statusCode(403)
                .body("code", equalTo("not-entitled-to-act"));
    }

    @Test
    void wrongCodesLockIt() {
        Pair pair = pair();
        String id = askFor(pair, "HOUSEHOLD_CERTIFICATE", 30);
        String code = TestOtp.latestCode(pair.principalMobile());
        for (int i = 0; i < 4; i++) {
            confirm(pair.agentToken(), id, TestOtp.wrong(code)).then().statusCode(422)
                    .body("code", equalTo("authorisation-code-invalid"));
        }
        confirm(pair.agentToken(), id, TestOtp.wrong(code)).then().statusCode(423)
                .body("code", equalTo("authorisation-code-locked"));
        confirm(pair.agentToken(), id, code).then().statusCode(423).body("code", equalTo("authorisation-code-locked"));
    }

    @Test
    void unknownAndUnreachablePrincipalsGetOneAnswer() {
        Pair pair = pair();
        Family noMobile = families.household(new Born(Relationship.HEAD, ELDER));
        Member silent = noMobile.member(Relationship.HEAD);
        String unknown = ask(pair.agentToken(), "不存在", pair.principal().idNumber(), "HOUSEHOLD_CERTIFICATE", 30)
                .then().statusCode(422).contentType(PROBLEM).body("code", equalTo("principal-not-reachable"))
                .extract().path("detail");
        String unreachable = ask(pair.agentToken(), silent.name(), silent.idNumber(), "HOUSEHOLD_CERTIFICATE", 30)
                .then().statusCode(422).body("code", equalTo("principal-not-reachable")).extract().path("detail");
        assertEquals(unknown, unreachable);

        ask(pair.agentToken(), "某人", "500103195508120A16", "HOUSEHOLD_CERTIFICATE", 30).then().statusCode(422)
                .body("code", equalTo("id-number-invalid"));
        String child = IdNumbers.generate("500108", LocalDate.of(2016, 5, 1), Sex.M, new Random(7));
        ask(pair.agentToken(), "某孩", child, "HOUSEHOLD_CERTIFICATE", 30).then().statusCode(422)
                .body("code", equalTo("principal-not-adult"));
    }

    @Test
    void badInput() {
        Pair pair = pair();
        ask(pair.agentToken(), pair.principal().name(), pair.principal().idNumber(), "HOUSEHOLD_CERTIFICATE", 91)
                .then().statusCode(400).contentType(PROBLEM).body("code", equalTo("validation-failed"));
        ask(pair.agentToken(), pair.principal().name(), pair.principal().idNumber(), "HOUSEHOLD_CERTIFICATE", 0)
                .then().statusCode(400).body("code", equalTo("validation-failed"));
        ask(pair.agentToken(), null, pair.principal().idNumber(), "HOUSEHOLD_CERTIFICATE", 30).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        ask(pair.agentToken(), pair.principal().name(), pair.principal().idNumber(), "NO_SUCH_SERVICE", 30).then()
                .statusCode(404).body("code", equalTo("service-not-found"));
        ask(pair.agentToken(), pair.agent().name(), pair.agent().idNumber(), "HOUSEHOLD_CERTIFICATE", 30).then()
                .statusCode(400).body("code", equalTo("validation-failed"));
        String id = askFor(pair, "HOUSEHOLD_CERTIFICATE", 30);
        confirm(pair.agentToken(), id, "12ab").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed"));
        as(pair.agentToken()).queryParam("limit", "0").get(AUTHORISATIONS).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        as(pair.agentToken()).queryParam("limit", "x").get(AUTHORISATIONS).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        as(pair.agentToken()).queryParam("cursor", "bm90LWEtY3Vyc29y").get(AUTHORISATIONS).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        // an L1 account acts for nobody
        ask(TestCitizens.signIn().accessToken(), pair.principal().name(), pair.principal().idNumber(),
                "HOUSEHOLD_CERTIFICATE", 30).then().statusCode(403).body("code", equalTo("assurance-too-low"));
    }

    @Test
    void strangersSeeNothingAndNoTokenIsUnauthorized() {
        Pair pair = pair();
        String id = askFor(pair, "HOUSEHOLD_CERTIFICATE", 30);
        String code = TestOtp.latestCode(pair.principalMobile());
        Family others = families.household(new Born(Relationship.HEAD, ADULT));
        String stranger = TestCitizens.boundTo(others.member(Relationship.HEAD).id()).accessToken();
        // the principal receives the code but is not the one to enter it
        confirm(pair.principalToken(), id, code).then().statusCode(404).body("code", equalTo("not-found"));
        confirm(stranger, id, code).then().statusCode(404).body("code", equalTo("not-found"));
        as(stranger).delete(AUTHORISATIONS + "/" + id).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        as(stranger).delete(AUTHORISATIONS + "/" + UUID.randomUUID()).then().statusCode(404);
        as(stranger).get(AUTHORISATIONS).then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
        // still PENDING: the stranger's tries counted nothing
        confirm(pair.agentToken(), id, code).then().statusCode(200);

        given().get(AUTHORISATIONS).then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
        given().contentType(ContentType.JSON).body(Map.of("principalName", "某人")).post(AUTHORISATIONS).then()
                .statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("code", "123456"))
                .post(AUTHORISATIONS + "/" + id + "/confirmation").then().statusCode(401);
        given().delete(AUTHORISATIONS + "/" + id).then().statusCode(401);
    }

    @Test
    void theListIsPagedNewestFirst() {
        Pair pair = pair();
        for (int i = 0; i < 3; i++) {
            askFor(pair, "HOUSEHOLD_CERTIFICATE", 30);
        }
        Response first = as(pair.agentToken()).queryParam("limit", 2).get(AUTHORISATIONS);
        first.then().statusCode(200).body("items.size()", equalTo(2)).body("nextCursor", notNullValue());
        List<String> firstIds = first.jsonPath().getList("items.id");
        Response second = as(pair.agentToken()).queryParam("limit", 2)
                .queryParam("cursor", first.jsonPath().getString("nextCursor")).get(AUTHORISATIONS);
        second.then().statusCode(200).body("items.size()", equalTo(1));
        assertNull(second.jsonPath().getString("nextCursor"));
        assertNotNull(firstIds);
        assertEquals(false, firstIds.contains(second.jsonPath().getString("items[0].id")));
    }
}
