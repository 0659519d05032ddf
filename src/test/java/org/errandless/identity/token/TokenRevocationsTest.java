package org.errandless.identity.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.errandless.common.live.LiveFeed;
import org.errandless.common.live.LiveFeedConfig;
import org.errandless.common.security.Roles;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Revoked sign-ins and disabled accounts are known in memory on every instance: what one instance commits reaches the
 * others through the live feed (here: a second, independent listener connection, and a plain JDBC connection that
 * revokes as another instance would), the check answers from memory without asking the database, and a listener that
 * lost its connection reloads. Every wait is a bounded future, never a sleep.
 */
@QuarkusTest
class TokenRevocationsTest {

    private static final String PROTECTED = "/test-support/errors/admin-only";
    private static final Duration LONG = Duration.ofSeconds(60);

    @Inject
    LiveFeed feed;
    @Inject
    LiveFeedConfig feedConfig;
    @Inject
    TokenRevocations revocations;
    @Inject
    TokenService tokens;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Instance<TokenSubjects> subjects;

    @BeforeEach
    void theViewInMemoryIsCurrent() throws Exception {
        long connection = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        revocations.whenReloadedFor(connection).get(60, TimeUnit.SECONDS);
        assertTrue(revocations.current());
    }

    @Test
    void aRevocationCommittedByAnotherInstanceIsRefusedHere() throws Exception {
        TokenPair pair = TestTokens.staff(Roles.ADMIN, null);
        UUID family = family(pair);
        given().auth().oauth2(pair.accessToken()).get(PROTECTED).then().statusCode(200);

        CompletableFuture<Boolean> heard = feed.register(TokenRevocations.FAMILY + family, LONG);
        try (Connection other = otherInstance()) {
            other.setAutoCommit(false);
            revokeInDatabase(other, family);
            notify(other, TokenRevocations.FAMILY + family);
            other.commit();
        }
        assertTrue(heard.get(60, TimeUnit.SECONDS));
        expect401(pair.accessToken());
    }

    @Test
    void aRevocationCommittedHereIsHeardByAnotherListener() throws Exception {
        TokenPair pair = TestTokens.staff(Roles.ADMIN, null);
        UUID family = family(pair);
        try (Connection other = otherInstance()) {
            try (Statement listen = other.createStatement()) {
                listen.execute("LISTEN " + feedConfig.channel());
            }
            given().auth().oauth2(pair.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
            assertTrue(receive(other, TokenRevocations.FAMILY + family), "the other instance hears the revocation");
        }
        expect401(pair.accessToken());
    }

    @Test
    void anAccountDisabledOnAnotherInstanceIsRefusedHereUntilEnabled() throws Exception {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        String disabled = TokenRevocations.ACCOUNT + "CITIZEN:" + citizen.accountId() + ":disabled";
        String enabled = TokenRevocations.ACCOUNT + "CITIZEN:" + citizen.accountId() + ":enabled";

        CompletableFuture<Boolean> heard = feed.register(disabled, LONG);
        try (Connection other = otherInstance()) {
            other.setAutoCommit(false);
            setDisabled(other, citizen.accountId(), true);
            notify(other, disabled);
            other.commit();
        }
        assertTrue(heard.get(60, TimeUnit.SECONDS));
        // logout does not look at the account itself: only the token check refuses
        given().auth().oauth2(citizen.accessToken()).post("/api/v1/auth/logout").then().statusCode(401)
                .body("code", equalTo("unauthorized"));

        heard = feed.register(enabled, LONG);
        try (Connection other = otherInstance()) {
            other.setAutoCommit(false);
            setDisabled(other, citizen.accountId(), false);
            notify(other, enabled);
            other.commit();
        }
        assertTrue(heard.get(60, TimeUnit.SECONDS));
        given().auth().oauth2(citizen.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
    }

    @Test
    void theCheckAnswersFromMemoryNotFromTheDatabase() throws Exception {
        // known revoked in memory only: refused on the next request, though the database says the sign-in is fine
        TokenPair first = TestTokens.staff(Roles.ADMIN, null);
        given().auth().oauth2(first.accessToken()).get(PROTECTED).then().statusCode(200);
        CompletableFuture<Boolean> heard = feed.register(TokenRevocations.FAMILY + family(first), LONG);
        try (Connection other = otherInstance()) {
            notify(other, TokenRevocations.FAMILY + family(first));
        }
        assertTrue(heard.get(60, TimeUnit.SECONDS));
        expect401(first.accessToken());
        assertTrue(askDatabase("STAFF", subject(first), family(first)), "the database was not asked");

        // revoked behind the application's back (no notification): the requests do not ask the database, so it
        // goes unnoticed until the next reload (see aListenerThatReconnectsReloads)
        TokenPair second = TestTokens.staff(Roles.ADMIN, null);
        try (Connection other = otherInstance()) {
            revokeInDatabase(other, family(second));
        }
        given().auth().oauth2(second.accessToken()).get(PROTECTED).then().statusCode(200);
    }

    @Test
    void aListenerThatReconnectsReloads() throws Exception {
        TokenPair pair = TestTokens.staff(Roles.ADMIN, null);
        try (Connection other = otherInstance()) {
            revokeInDatabase(other, family(pair));
        }
        given().auth().oauth2(pair.accessToken()).get(PROTECTED).then().statusCode(200);

        long before = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        CompletableFuture<Boolean> lost = feed.register(UUID.randomUUID().toString(), LONG);
        terminateListener();
        assertTrue(lost.get(60, TimeUnit.SECONDS), "waiters are woken when the listener loses its connection");
        long after = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(after > before, "a new connection listens");
        revocations.whenReloadedFor(after).get(60, TimeUnit.SECONDS);
        // whatever was missed while nobody listened is in the reload
        expect401(pair.accessToken());
    }

    @Test
    void anAccountDisabledWhileNobodyListenedIsInTheReload() throws Exception {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        given().auth().oauth2(citizen.accessToken()).get("/api/v1/me").then().statusCode(200);
        try (Connection other = otherInstance()) {
            // committed without a notification: only the reload can know
            setDisabled(other, citizen.accountId(), true);
        }
        long before = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        CompletableFuture<Boolean> lost = feed.register(UUID.randomUUID().toString(), LONG);
        terminateListener();
        assertTrue(lost.get(60, TimeUnit.SECONDS), "waiters are woken when the listener loses its connection");
        long after = feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(after > before, "a new connection listens");
        revocations.whenReloadedFor(after).get(60, TimeUnit.SECONDS);
        expect401At("/api/v1/me", citizen.accessToken());
        // every account type's reload query (native SQL: it runs at every start) reads its disabled accounts
        for (TokenSubjects loader : subjects) {
            Set<UUID> disabled = QuarkusTransaction.requiringNew().call(loader::disabledAccounts);
            assertEquals("CITIZEN".equals(loader.accountType()), disabled.contains(citizen.accountId()),
                    loader.accountType());
        }
    }

    @Test
    void theDatabaseAnswersWhileTheViewIsNotCurrent() throws Exception {
        TokenPair pair = TestTokens.staff(Roles.ADMIN, null);
        UUID subject = subject(pair);
        UUID family = family(pair);
        assertTrue(askDatabase("STAFF", subject, family));
        assertFalse(askDatabase("STAFF", UUID.randomUUID(), family), "another account's family");
        assertFalse(askDatabase("STAFF", subject, UUID.randomUUID()), "an unknown family");
        assertFalse(askDatabase("CITIZEN", subject, family), "another account type");
        QuarkusTransaction.requiringNew().run(() -> tokens.revokeFamily(family, "logout"));
        assertFalse(askDatabase("STAFF", subject, family));
    }

    @Test
    void revokedFamiliesAreForgottenOnceNoTokenOfThemCanBePresented() {
        UUID family = UUID.randomUUID();
        long now = System.currentTimeMillis();
        revocations.remember(family, now - 1);
        assertTrue(revocations.refuses("STAFF", UUID.randomUUID(), family));
        revocations.forgetExpired(now);
        assertFalse(revocations.refuses("STAFF", UUID.randomUUID(), family));
        // what the live feed brings is kept for the access-token lifetime, the leeway and the margin
        revocations.published(TokenRevocations.FAMILY + family);
        revocations.forgetExpired(now + revocations.retention().toMillis() - 60_000);
        assertTrue(revocations.refuses("STAFF", UUID.randomUUID(), family));
    }

    /** What the check asks the database while the view is not current, as one request would (its own session). */
    private boolean askDatabase(String accountType, UUID accountId, UUID family) {
        return QuarkusTransaction.requiringNew().call(() -> tokens.signInActive(accountType, accountId, family));
    }

    private static void expect401(String token) {
        expect401At(PROTECTED, token);
    }

    private static void expect401At(String path, String token) {
        given().auth().oauth2(token).get(path).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
    }

    /** A connection of "another instance": plain JDBC, outside this instance's pool and listener. */
    private static Connection otherInstance() throws SQLException {
        Config config = ConfigProvider.getConfig();
        Properties properties = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class)
                .ifPresent(user -> properties.setProperty("user", user));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(secret -> properties.setProperty("password", secret));
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), properties);
    }

    private static void revokeInDatabase(Connection connection, UUID family) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update token_family set revoked_at = now(), revoked_reason = 'logout' where id = ?")) {
            update.setObject(1, family);
            assertTrue(update.executeUpdate() == 1);
        }
    }

    private static void setDisabled(Connection connection, UUID account, boolean disabled) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update citizen_account set disabled = ? where id = ?")) {
            update.setBoolean(1, disabled);
            update.setObject(2, account);
            assertTrue(update.executeUpdate() == 1);
        }
    }

    private void notify(Connection connection, String key) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, feedConfig.channel());
            notify.setString(2, key);
            notify.execute();
        }
    }

    /** Waits (bounded) on a listening connection for one key. */
    private boolean receive(Connection listener, String key) throws SQLException {
        PGConnection postgres = listener.unwrap(PGConnection.class);
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            int wait = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            PGNotification[] notifications = postgres.getNotifications(wait);
            if (notifications == null) {
                continue;
            }
            for (PGNotification notification : notifications) {
                if (feedConfig.channel().equals(notification.getName()) && key.equals(notification.getParameter())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void terminateListener() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement terminate = connection.prepareStatement("select pg_terminate_backend(pid) "
                        + "from pg_stat_activity where application_name = ? and datname = current_database()")) {
            terminate.setString(1, LiveFeed.APPLICATION_NAME);
            try (ResultSet result = terminate.executeQuery()) {
                assertTrue(result.next() && result.getBoolean(1));
            }
        }
    }

    private static UUID family(TokenPair pair) throws Exception {
        return UUID.fromString(claims(pair).getStringClaimValue(Claims.FAMILY));
    }

    private static UUID subject(TokenPair pair) throws Exception {
        return UUID.fromString(claims(pair).getSubject());
    }

    private static JwtClaims claims(TokenPair pair) throws Exception {
        return new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                .setSkipSignatureVerification().build().processToClaims(pair.accessToken());
    }
}
