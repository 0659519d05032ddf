package org.errandless.identity.verification;

import static io.restassured.RestAssured.given;
import static org.errandless.identity.verification.Verifications.IDENTITY;
import static org.errandless.identity.verification.Verifications.carrierKnows;
import static org.errandless.identity.verification.Verifications.claims;
import static org.errandless.identity.verification.Verifications.verify;
import static org.errandless.identity.verification.Verifications.verifiedToL2;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.audit.AuditEvent;
import org.errandless.audit.AuditOutcome;
import org.errandless.audit.AuditQuery;
import org.errandless.audit.AuditTrail;
import org.errandless.common.security.Roles;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.RegistryService;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class IdentityResourceTest {

    private static final String MASKED = "\\d{6}\\*{8}\\d{3}[\\dX]";

    @Inject
    RegistryFixtures fixtures;
    @Inject
    RegistryService registry;
    @Inject
    AuditTrail audit;

    @Test
    void nameIdNumberAndCarrierRaiseToL2WithFreshTokens() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        RegistryFixtures.Member head = family.member(Relationship.HEAD);
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        carrierKnows(citizen.phone(), head.idNumber());

        var answer = verify(citizen.accessToken(), head.name(), head.idNumber()).statusCode(200)
                .contentType(ContentType.JSON)
                .body("profile.id", equalTo(citizen.accountId().toString()))
                .body("profile.assuranceLevel", equalTo("L2")).body("profile.name", equalTo(head.name()))
                .body("profile.idNumber", equalTo(IdNumbers.mask(head.idNumber())))
                .body("tokens.tokenType", equalTo("Bearer")).extract();
        String accessToken = answer.path("tokens.accessToken");
        assertEquals("L2", claims(accessToken).get("acr"));
        assertEquals("L1", claims(citizen.accessToken()).get("acr"));

        given().auth().oauth2(accessToken).get("/api/v1/me").then().statusCode(200)
                .body("assuranceLevel", equalTo("L2")).body("name", equalTo(head.name()))
                .body("idNumber", equalTo(IdNumbers.mask(head.idNumber())));
        given().auth().oauth2(accessToken).get("/api/v1/me/household").then().statusCode(200)
                .body("id", equalTo(family.householdId().toString())).body("members", hasSize(2))
                .body("members.idNumber", everyItem(matchesPattern(MASKED)))
                .body("members.idNumber", not(containsInAnyOrder(head.idNumber(),
                        family.member(Relationship.SPOUSE).idNumber())));
        // the level stored for the account counts, not the one the older token carries
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/me/household").then().statusCode(200);

        List<AuditEvent> events = audit.list(new AuditQuery("identity.verify", null,
                citizen.accountId().toString(), AuditOutcome.SUCCESS, null, null), null, 10).items();
        assertEquals(1, events.size());
        assertEquals(head.id().toString(), events.get(0).targetId());
    }

    @Test
    void verifyingAgainAsTheSamePersonChangesNothing() {
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        String token = verifiedToL2(citizen, head);
        verify(token, head.name(), head.idNumber()).statusCode(200).body("profile.assuranceLevel", equalTo("L2"));
    }

    @Test
    void badChecksumIs422IdNumberInvalid() {
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        String wrong = head.idNumber().substring(0, 17) + (head.idNumber().charAt(17) == '1' ? '2' : '1');
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        carrierKnows(citizen.phone(), head.idNumber());
        verify(citizen.accessToken(), head.name(), wrong).statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("id-number-invalid")).body("invalidParams[0].name", equalTo("idNumber"))
                .body("invalidParams[0].code", equalTo("bad-check-character"));
        profileIsL1(citizen);
    }

    @Test
    void wrongNameIs422IdentityMismatch() {
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        carrierKnows(citizen.phone(), head.idNumber());
        verify(citizen.accessToken(), head.name() + "某", head.idNumber()).statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("identity-mismatch"));
        profileIsL1(citizen);
    }

    @Test
    void deceasedPersonIs422IdentityMismatch() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        RegistryFixtures.Member spouse = family.member(Relationship.SPOUSE);
        registry.markDeceased(spouse.id(), null);
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        carrierKnows(citizen.phone(), spouse.idNumber());
        verify(citizen.accessToken(), spouse.name(), spouse.idNumber()).statusCode(422)
                .body("code", equalTo("identity-mismatch"));
    }

    @Test
    void unknownIdNumberIs422IdentityMismatch() {
        // valid, but nobody's: the register has no one born on this day in this division with this sequence
        String nobody = IdNumbers.generate("500108", java.time.LocalDate.of(1901, 1, 1), Sex.M, 999);
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        carrierKnows(citizen.phone(), nobody);
        verify(citizen.accessToken(), "无名氏", nobody).statusCode(422).body("code", equalTo("identity-mismatch"));
    }

    @Test
    void phoneTheCarrierDoesNotKnowIs422() {
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        verify(citizen.accessToken(), head.name(), head.idNumber()).statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("phone-not-registered-to-id"));
        profileIsL1(citizen);
    }

    @Test
    void personHeldByAnotherAccountIs409() {
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        TestCitizens.SignedIn first = TestCitizens.signIn();
        verifiedToL2(first, head);
        TestCitizens.SignedIn second = TestCitizens.signIn();
        carrierKnows(second.phone(), head.idNumber());
        verify(second.accessToken(), head.name(), head.idNumber()).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("identity-already-bound"));
        profileIsL1(second);
    }

    @Test
    void twoAccountsRacingForOnePersonGetOneBinding() throws Exception {
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        List<TestCitizens.SignedIn> citizens = List.of(TestCitizens.signIn(), TestCitizens.signIn());
        citizens.forEach(citizen -> carrierKnows(citizen.phone(), head.idNumber()));
        CyclicBarrier start = new CyclicBarrier(citizens.size());
        ExecutorService pool = Executors.newFixedThreadPool(citizens.size());
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (TestCitizens.SignedIn citizen : citizens) {
                answers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return verify(citizen.accessToken(), head.name(), head.idNumber()).extract().statusCode();
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            statuses.sort(null);
            assertEquals(List.of(200, 409), statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void accountBoundToSomeoneElseIs409() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        String token = verifiedToL2(citizen, family.member(Relationship.HEAD));
        RegistryFixtures.Member spouse = family.member(Relationship.SPOUSE);
        carrierKnows(citizen.phone(), spouse.idNumber());
        verify(token, spouse.name(), spouse.idNumber()).statusCode(409).body("code", equalTo("identity-already-bound"));
    }

    @Test
    void sixthFailureOfTheDayIs429UntilMidnightShanghai() {
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        for (int i = 0; i < 5; i++) {
            verify(citizen.accessToken(), head.name(), head.idNumber()).statusCode(422)
                    .body("code", equalTo("phone-not-registered-to-id"));
        }
        carrierKnows(citizen.phone(), head.idNumber());
        // business clock of the tests: 2026-09-30 10:00 in Shanghai, 14 hours before midnight
        verify(citizen.accessToken(), head.name(), head.idNumber()).statusCode(429)
                .contentType("application/problem+json").body("code", equalTo("rate-limited"))
                .header("Retry-After", "50400");
        profileIsL1(citizen);
        // another account is not affected
        TestCitizens.SignedIn other = TestCitizens.signIn();
        verifiedToL2(other, head);

        List<AuditEvent> denied = audit.list(new AuditQuery("identity.verify", null,
                citizen.accountId().toString(), AuditOutcome.DENIED, null, null), null, 10).items();
        assertEquals(1, denied.size());
        assertEquals("rate-limited", denied.get(0).details().get("reason"));
        List<AuditEvent> failures = audit.list(new AuditQuery("identity.verify", null,
                citizen.accountId().toString(), AuditOutcome.FAILURE, null, null), null, 10).items();
        assertEquals(5, failures.size());
        failures.forEach(event -> {
            assertEquals("phone-not-registered-to-id", event.details().get("reason"));
            assertEquals(head.id().toString(), event.targetId());
            assertNotEquals(true, event.details().values().stream().anyMatch(v -> v.contains(head.idNumber())));
        });
    }

    @Test
    void withoutTokenIs401AndStaffIs403() {
        Map<String, String> body = Map.of("name", "张伟", "idNumber", "500103198803120516");
        given().contentType(ContentType.JSON).body(body).post(IDENTITY).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"))
                .header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(TestTokens.staff(Roles.OFFICER, "50010301").accessToken()).contentType(ContentType.JSON)
                .body(body).post(IDENTITY).then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("forbidden"));
    }

    @Test
    void missingFieldsAre400() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        given().auth().oauth2(citizen.accessToken()).contentType(ContentType.JSON).body("{}").post(IDENTITY).then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("validation-failed"))
                .body("invalidParams.name", containsInAnyOrder("idNumber", "name"));
        given().auth().oauth2(citizen.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "x".repeat(65), "idNumber", "500103198803120516")).post(IDENTITY).then()
                .statusCode(400).body("code", equalTo("validation-failed"))
                .body("invalidParams[0].name", equalTo("name"));
        given().auth().oauth2(citizen.accessToken()).contentType(ContentType.JSON).post(IDENTITY).then()
                .statusCode(400).contentType("application/problem+json");
        profileIsL1(citizen);
    }

    @Test
    void malformedJsonIs400() {
        given().auth().oauth2(TestCitizens.signIn().accessToken()).contentType(ContentType.JSON)
                .body("{\"name\": \"张伟\", ").post(IDENTITY).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("malformed-request"));
    }

    @Test
    void badInputIsNoFailureOfTheDay() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        for (int i = 0; i < 6; i++) {
            given().auth().oauth2(citizen.accessToken()).contentType(ContentType.JSON).body("{}").post(IDENTITY)
                    .then().statusCode(400);
        }
        RegistryFixtures.Member head = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        verifiedToL2(citizen, head);
    }

    private static void profileIsL1(TestCitizens.SignedIn citizen) {
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/me").then().statusCode(200)
                .body("assuranceLevel", equalTo("L1")).body("name", nullValue());
    }
}
