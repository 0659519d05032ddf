package org.errandless.identity.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.live.LiveFeed;
import org.errandless.common.security.Roles;
import org.errandless.common.web.PreparedBody;
import org.errandless.identity.citizen.ProfileSnapshots;
import org.errandless.registry.Relationship;
import org.errandless.registry.RegistryFixtures;
import org.errandless.support.OtherInstance;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The answers of {@code GET /me} kept in memory (issue 16) are never staler than the live feed: a verification and a
 * disable are shown at once on the instance that made them, a change committed by another instance is shown here
 * once its notification arrived, a listener that lost its connection forgets everything, an answer read before a
 * change is never kept after it; the tag follows the bytes and answers 304.
 */
@QuarkusTest
class ProfileSnapshotsTest {

    static final String ME = "/api/v1/me";
    private static final Duration LONG = Duration.ofSeconds(60);

    @Inject
    LiveFeed feed;
    @Inject
    ProfileSnapshots snapshots;
    @Inject
    RegistryFixtures registry;

    @Test
    void aVerificationIsShownAtOnceWithANewTag() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        String before = me(citizen.accessToken()).body("assuranceLevel", equalTo("L1")).body("name", nullValue())
                .extract().header("ETag");
        assertNotNull(before);
        assertNotNull(snapshots.find(citizen.accountId()), "the answer is kept");
        given().auth().oauth2(citizen.accessToken()).header("If-None-Match", before).get(ME).then().statusCode(304)
                .header("ETag", equalTo(before));

        RegistryFixtures.Member member = registry.household(Relationship.HEAD).members().get(0);
        String l2 = Verifications.verifiedToL2(citizen, member);
        String after = me(l2).body("assuranceLevel", equalTo("L2")).body("name", equalTo(member.name()))
                .extract().header("ETag");
        assertNotEquals(before, after);
        given().auth().oauth2(l2).header("If-None-Match", before).get(ME).then().statusCode(200)
                .header("ETag", equalTo(after));
    }

    @Test
    void aDisabledAccountIsRefusedAtOnce() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        me(citizen.accessToken());
        me(citizen.accessToken());
        given().auth().oauth2(TestTokens.staff(Roles.ADMIN, null).accessToken()).contentType("application/json")
                .body("{\"reason\":\"test: a reported phone theft\"}")
                .post("/api/v1/admin/citizens/" + citizen.accountId() + "/disable").then().statusCode(200);
        assertNull(snapshots.find(citizen.accountId()), "the disable dropped the answer");
        given().auth().oauth2(citizen.accessToken()).get(ME).then().statusCode(401);
    }

    @Test
    void aChangeCommittedOnAnotherInstanceIsShownHere() throws Exception {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        me(citizen.accessToken()).body("assuranceLevel", equalTo("L1"));
        me(citizen.accessToken()).body("assuranceLevel", equalTo("L1"));

        OtherInstance.commitAndPublish(feed, ProfileSnapshots.key(citizen.accountId()),
                connection -> setLevel(connection, citizen.accountId(), "L2"));
        me(citizen.accessToken()).body("assuranceLevel", equalTo("L2"));
    }

    @Test
    void aRegisterChangeOfEveryProfileOnAnotherInstanceIsShownHere() throws Exception {
        RegistryFixtures.Member member = registry.household(Relationship.HEAD).members().get(0);
        TestCitizens.SignedIn citizen = TestCitizens.boundTo(member.id());
        me(citizen.accessToken()).body("name", equalTo(member.name()));
        me(citizen.accessToken()).body("name", equalTo(member.name()));

        OtherInstance.commitAndPublish(feed, "profile:all",
                connection -> rename(connection, member.id(), "改名" + member.name()));
        me(citizen.accessToken()).body("name", equalTo("改名" + member.name()));
    }

    @Test
    void aListenerThatReconnectsForgetsWhatItKept() throws Exception {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        me(citizen.accessToken()).body("assuranceLevel", equalTo("L1"));
        // a change nobody published is not seen: the answer comes from memory
        OtherInstance.commitSilently(connection -> setLevel(connection, citizen.accountId(), "L2"));
        me(citizen.accessToken()).body("assuranceLevel", equalTo("L1"));

        OtherInstance.loseListener(feed, connection -> setLevel(connection, citizen.accountId(), "L3"));
        me(citizen.accessToken()).body("assuranceLevel", equalTo("L3"));
    }

    @Test
    void anAnswerReadBeforeAChangeIsNotKeptAfterIt() throws Exception {
        UUID id = TestCitizens.signIn().accountId();
        PreparedBody body = PreparedBody.of("{\"test\":true}".getBytes(StandardCharsets.UTF_8));
        ProfileSnapshots.Stamp stamp = snapshots.stamp(id);
        CompletableFuture<Boolean> heard = feed.register(ProfileSnapshots.key(id), LONG);
        QuarkusTransaction.requiringNew().run(() -> snapshots.changed(id));
        assertTrue(heard.get(LONG.toSeconds(), TimeUnit.SECONDS), "the change's notification arrived");
        snapshots.keep(stamp, id, body);
        assertNull(snapshots.find(id), "read before the change: not kept");

        snapshots.keep(snapshots.stamp(id), id, body);
        assertSame(body, snapshots.find(id), "read after the change: kept");
        QuarkusTransaction.requiringNew().run(() -> snapshots.changed(id));
        assertNull(snapshots.find(id), "dropped here when the change committed");
    }

    @Test
    void aChangeThatRollsBackIsPublishedToNobody() throws Exception {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        me(citizen.accessToken());
        PreparedBody kept = snapshots.find(citizen.accountId());
        assertNotNull(kept);
        CompletableFuture<Boolean> heard = feed.register(ProfileSnapshots.key(citizen.accountId()),
                Duration.ofMillis(500));
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            snapshots.changed(citizen.accountId());
            throw new IllegalStateException("rolled back");
        }));
        assertEquals(false, heard.get(LONG.toSeconds(), TimeUnit.SECONDS), "no notification for a rollback");
    }

    private static ValidatableResponse me(String token) {
        return given().auth().oauth2(token).get(ME).then().statusCode(200);
    }

    private static void setLevel(Connection connection, UUID accountId, String level) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update citizen_account set assurance_level = ?, "
                + "version = version + 1 where id = ?")) {
            update.setString(1, level);
            update.setObject(2, accountId);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static void rename(Connection connection, UUID personId, String name) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update person set name = ?, "
                + "version = version + 1 where id = ?")) {
            update.setString(1, name);
            update.setObject(2, personId);
            assertEquals(1, update.executeUpdate());
        }
    }
}
