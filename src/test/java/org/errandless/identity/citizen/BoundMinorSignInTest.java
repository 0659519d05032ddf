package org.errandless.identity.citizen;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.util.Map;

import jakarta.inject.Inject;

import org.errandless.common.live.LiveFeed;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.time.TestBusinessClock;
import org.errandless.registry.FamilyFixtures;
import org.errandless.registry.FamilyFixtures.Born;
import org.errandless.registry.RegistryFixtures.Member;
import org.errandless.registry.Relationship;
import org.errandless.support.LiveFeedBarrier;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestOtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * An account bound to a child before the age rule existed is not used while the child is under 16 on the business
 * date (issue 15 item 2): its refresh and a new sign-in answer 403 {@code minor-cannot-sign-in} and every sign-in of
 * the account ends; from the 16th birthday on the same binding signs in again at L2. A fresh household per test, the
 * binding made directly (as it was made before the rule), the business clock moved by one day.
 */
@QuarkusTest
class BoundMinorSignInTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    FamilyFixtures families;
    @Inject
    BusinessClock clock;
    @Inject
    LiveFeed feed;

    @AfterEach
    void resetClock() {
        TestBusinessClock.reset();
    }

    /** A son who turns 16 tomorrow, in a fresh household. */
    private Member childTurningSixteenTomorrow() {
        LocalDate today = clock.today();
        return families.household(new Born(Relationship.HEAD, LocalDate.of(1982, 4, 2)),
                new Born(Relationship.SON, today.minusYears(16).plusDays(1))).member(Relationship.SON);
    }

    private static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .post("/api/v1/auth/refresh");
    }

    private static Response signInByCode(String phone) {
        return TestOtp.verify(TestOtp.challenge(phone), TestOtp.latestCode(phone));
    }

    @Test
    void aChildBoundBeforeTheRuleIsRefusedTodayAndSignsInTomorrow() {
        Member child = childTurningSixteenTomorrow();
        TestCitizens.SignedIn bound = TestCitizens.boundTo(child.id());
        // a second sign-in of the same account, on another phone of the family, say
        TestCitizens.SignedIn other = TestCitizens.signIn(bound.phone());

        refresh(bound.tokens().refreshToken()).then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("minor-cannot-sign-in"));
        // every sign-in of the account ended, on every instance: its access tokens and refresh tokens are dead
        LiveFeedBarrier.await(feed);
        given().auth().oauth2(other.accessToken()).get("/api/v1/me").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2(bound.accessToken()).get("/api/v1/me").then().statusCode(401);
        refresh(other.tokens().refreshToken()).then().statusCode(401).body("code", equalTo("unauthorized"));
        // and signing in anew with a code is refused too
        signInByCode(bound.phone()).then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("minor-cannot-sign-in"));

        // the 16th birthday: the binding made earlier works again, at L2, and refreshes
        TestBusinessClock.advanceDays(1);
        Response signedIn = signInByCode(bound.phone());
        signedIn.then().statusCode(200);
        given().auth().oauth2(signedIn.path("accessToken").toString()).get("/api/v1/me").then().statusCode(200)
                .body("assuranceLevel", equalTo("L2")).body("name", equalTo(child.name()));
        refresh(signedIn.path("refreshToken").toString()).then().statusCode(200);
    }

    @Test
    void aRefusedSignInAlsoEndsTheSignInsTheAccountStillHas() {
        Member child = childTurningSixteenTomorrow();
        TestCitizens.SignedIn bound = TestCitizens.boundTo(child.id());
        // refused today at sign-in, and the sign-in the account already had ends with it
        signInByCode(bound.phone()).then().statusCode(403).body("code", equalTo("minor-cannot-sign-in"));
        refresh(bound.tokens().refreshToken()).then().statusCode(401).body("code", equalTo("unauthorized"));
        LiveFeedBarrier.await(feed);
        given().auth().oauth2(bound.accessToken()).get("/api/v1/me").then().statusCode(401);
        // tomorrow a fresh sign-in refreshes as any other
        TestBusinessClock.advanceDays(1);
        Response signedIn = signInByCode(bound.phone());
        signedIn.then().statusCode(200);
        refresh(signedIn.path("refreshToken").toString()).then().statusCode(200);
    }

    @Test
    void anAdultsAndAnUnboundAccountAreUntouched() {
        Member parent = families.household(new Born(Relationship.HEAD, LocalDate.of(1982, 4, 2)),
                new Born(Relationship.SON, clock.today().minusYears(3))).member(Relationship.HEAD);
        TestCitizens.SignedIn adult = TestCitizens.boundTo(parent.id());
        refresh(adult.tokens().refreshToken()).then().statusCode(200);
        TestCitizens.SignedIn unbound = TestCitizens.signIn();
        refresh(unbound.tokens().refreshToken()).then().statusCode(200);
        signInByCode(unbound.phone()).then().statusCode(200);
        // bad input stays bad input
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", "")).post("/api/v1/auth/refresh").then()
                .statusCode(400).body("code", equalTo("validation-failed"));
    }
}
