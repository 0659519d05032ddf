package org.errandless.common.web.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.common.live.ListenerSession;
import org.errandless.common.live.LiveFeed;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;

/**
 * The {@code idempotency_record} table: claims, stored answers, forgetting secret answers, and the purge.
 *
 * <p>Every method runs in a transaction of its own ({@code REQUIRES_NEW}) and commits before it returns: a claim
 * must be visible to every instance before the business transaction starts, and completing or releasing a claim
 * must not depend on the fate of any other transaction. Plain SQL, because the claim is exactly one
 * {@code INSERT ... ON CONFLICT DO NOTHING} and the takeovers are compare-and-set updates on {@code claim_token}.
 *
 * <h2>Claims of dead instances</h2>
 * A claim records its holder: the database session of the claiming instance's live-feed listener
 * ({@link LiveFeed#session()}), a connection that lives exactly as long as the instance does. A retry that meets a
 * claim in flight asks {@code pg_stat_activity} whether that session still exists; if not, the instance died with
 * the request (a crash, {@code kill -9}) and the retry takes the key over at once. (The database needs a moment to
 * end the session of a process killed a moment ago: the request filter looks again for up to
 * {@code errandless.idempotency.in-flight-grace} before it answers 409.) A session whose start time
 * cannot be read (another database role without {@code pg_read_all_stats}) counts as alive. Claims taken while the
 * listener was disconnected have no holder; they, and every claim whose holder is alive, fall back to
 * {@code errandless.idempotency.in-flight-timeout}. When the listener reconnects (a new session), the instance moves
 * its own claims in flight to it, so a live instance does not lose them.
 */
@ApplicationScoped
public class IdempotencyRecords {

    private static final Logger LOG = Logger.getLogger(IdempotencyRecords.class);
    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };
    /** A claim races only with other claims of the same key; a few rounds always settle it. */
    private static final int MAX_ROUNDS = 5;

    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;
    @Inject
    IdempotencyConfig config;
    @Inject
    ResponseSealer sealer;
    @Inject
    LiveFeed liveFeed;

    /** This instance's claims in flight (token → when claimed), to move to a new listener session. */
    private final Map<UUID, Instant> ownClaims = new ConcurrentHashMap<>();

    /** The outcome of presenting a key. */
    public sealed interface Claim permits Claimed, Replay, InFlight, Reused, Forgotten {
    }

    /** The key is ours: run the request, then {@link #complete} or {@link #release} with this. */
    public record Claimed(String scope, String key, UUID token) implements Claim {
    }

    /** The key was used for this very request before: answer this. */
    public record Replay(StoredResponse response) implements Claim {
    }

    /** The request holding the key is still running. */
    public record InFlight() implements Claim {
    }

    /** The key was used for a different request. */
    public record Reused() implements Claim {
    }

    /** The key was used for this very request, but its answer held secrets and was forgotten. */
    public record Forgotten() implements Claim {
    }

    /**
     * An answer as it went out.
     *
     * @param status the HTTP status
     * @param headers the replayed headers ({@code Content-Type}, {@code Location}, {@code ETag}) that were present
     * @param body the body bytes, or {@code null} for none
     */
    public record StoredResponse(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * Claims a key for a request, or tells why not. A row older than the retention counts as absent; an in-flight
     * row whose holder is gone, or older than the in-flight timeout, is taken over; a forgotten answer is taken over
     * when {@code rerunForgotten} (the caller authenticates in the request), else reported.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Claim claim(String scope, String key, String requestHash, boolean rerunForgotten) {
        try (Connection connection = dataSource.getConnection()) {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                Instant now = now();
                UUID token = UUID.randomUUID();
                Optional<ListenerSession> holder = liveFeed.session();
                if (insert(connection, scope, key, requestHash, token, now, holder)) {
                    return claimed(scope, key, token, now);
                }
                Existing existing = find(connection, scope, key);
                if (existing == null) {
                    continue; // purged or released between our insert and our read
                }
                if (!existing.createdAt.isAfter(now.minus(config.retention()))) {
                    // expired but not purged yet: a new key as far as the client is concerned
                    if (takeOver(connection, scope, key, existing.claimToken, requestHash, token, now, holder)) {
                        return claimed(scope, key, token, now);
                    }
                    continue;
                }
                // an empty hash is a record from before fingerprints were keyed: it cannot tell, so it matches
                if (!existing.requestHash.isEmpty() && !existing.requestHash.equals(requestHash)) {
                    return new Reused();
                }
                String state = existing.state;
                if ("COMPLETED".equals(state) && existing.forgetAfter != null && !existing.forgetAfter.isAfter(now)) {
                    forget(connection, scope, key, existing.claimToken);
                    state = "FORGOTTEN";
                }
                if ("COMPLETED".equals(state)) {
                    return new Replay(readAnswer(connection, scope, key, existing));
                }
                if ("FORGOTTEN".equals(state)) {
                    if (!rerunForgotten) {
                        return new Forgotten();
                    }
                    if (takeOver(connection, scope, key, existing.claimToken, requestHash, token, now, holder)) {
                        return claimed(scope, key, token, now);
                    }
                    continue;
                }
                boolean timedOut = !existing.claimedAt.isAfter(now.minus(config.inFlightTimeout()));
                if (existing.holderGone || timedOut) {
                    if (retake(connection, scope, key, existing.claimToken, token, now, holder)) {
                        LOG.warnf("Idempotency key of %s retaken: %s", scope, existing.holderGone
                                ? "the instance holding it is gone" : "in flight longer than the in-flight timeout");
                        return claimed(scope, key, token, now);
                    }
                    continue;
                }
                return new InFlight();
            }
            // only under pathological contention on one key; the client may retry
            return new InFlight();
        } catch (SQLException e) {
            throw new IllegalStateException("idempotency claim failed", e);
        }
    }

    /**
     * Stores the answer of a claimed request; later retries replay it. An answer holding secrets is replayable only
     * within the secret retry window and then forgotten.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void complete(Claimed claim, StoredResponse response, boolean secret) {
        ownClaims.remove(claim.token());
        Instant now = now();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE idempotency_record
                           SET state = 'COMPLETED', response_status = ?, response_headers = NULL, response_body = ?,
                               completed_at = ?, forget_after = ?, holder_pid = NULL, holder_started = NULL
                         WHERE scope = ? AND idempotency_key = ? AND claim_token = ? AND state = 'IN_FLIGHT'
                        """)) {
            update.setInt(1, response.status());
            update.setBytes(2, sealer.seal(claim.scope(), claim.key(), encode(response)));
            update.setObject(3, timestamp(now));
            update.setObject(4, secret ? timestamp(now.plus(config.secretRetryWindow())) : null);
            update.setString(5, claim.scope());
            update.setString(6, claim.key());
            update.setObject(7, claim.token());
            if (update.executeUpdate() == 0) {
                LOG.warnf("Idempotency claim of %s was retaken before its request finished; answer not stored",
                        claim.scope());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing an idempotent answer failed", e);
        }
    }

    /** Gives a claimed key back (the request failed on our side, or asked to be retried), so a retry runs again. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(Claimed claim) {
        ownClaims.remove(claim.token());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM idempotency_record
                         WHERE scope = ? AND idempotency_key = ? AND claim_token = ? AND state = 'IN_FLIGHT'
                        """)) {
            delete.setString(1, claim.scope());
            delete.setString(2, claim.key());
            delete.setObject(3, claim.token());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("releasing an idempotency key failed", e);
        }
    }

    /** Deletes the bodies of secret answers whose retry window has passed; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int forgetExpiredSecrets() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE idempotency_record
                           SET state = 'FORGOTTEN', response_status = NULL, response_headers = NULL,
                               response_body = NULL, forget_after = NULL
                         WHERE state = 'COMPLETED' AND forget_after <= ?
                        """)) {
            update.setObject(1, timestamp(now()));
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("forgetting secret idempotent answers failed", e);
        }
    }

    /** Deletes every record older than the retention; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeExpired() {
        return purgeCreatedBefore(now().minus(config.retention()));
    }

    /** Deletes every record created at or before the cutoff; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeCreatedBefore(Instant cutoff) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection
                        .prepareStatement("DELETE FROM idempotency_record WHERE created_at <= ?")) {
            delete.setObject(1, timestamp(cutoff));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("purging idempotency records failed", e);
        }
    }

    @Scheduled(identity = "idempotency-purge", every = "${errandless.idempotency.purge-every:1H}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        int purged = purgeExpired();
        if (purged > 0) {
            LOG.debugf("Purged %d expired idempotency records", purged);
        }
    }

    @Scheduled(identity = "idempotency-forget", every = "${errandless.idempotency.forget-every:10S}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOnSchedule() {
        int forgotten = forgetExpiredSecrets();
        if (forgotten > 0) {
            LOG.debugf("Forgot %d secret idempotent answers past their retry window", forgotten);
        }
    }

    /**
     * The listener has a new session (it reconnected): this instance is alive, so its claims in flight move to the
     * new session before another instance takes them for a dead one's. A claim already taken over is left alone.
     */
    void moveOwnClaims(@ObservesAsync ListenerSession session) {
        Instant stale = now().minus(config.inFlightTimeout().multipliedBy(2));
        ownClaims.values().removeIf(claimedAt -> claimedAt.isBefore(stale));
        if (ownClaims.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE idempotency_record SET holder_pid = ?, holder_started = ?
                         WHERE claim_token = ANY (?) AND state = 'IN_FLIGHT'
                        """)) {
            Array tokens = connection.createArrayOf("uuid", ownClaims.keySet().toArray());
            update.setInt(1, session.pid());
            update.setObject(2, session.started());
            update.setArray(3, tokens);
            int moved = update.executeUpdate();
            LOG.infof("Idempotency: %d claims in flight moved to the new listener session", moved);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "Idempotency: could not move claims in flight to the new listener session");
        }
    }

    private Claimed claimed(String scope, String key, UUID token, Instant now) {
        ownClaims.put(token, now);
        return new Claimed(scope, key, token);
    }

    private static boolean insert(Connection connection, String scope, String key, String requestHash, UUID token,
            Instant now, Optional<ListenerSession> holder) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO idempotency_record (scope, idempotency_key, request_hash, state, claim_token, created_at,
                                                claimed_at, holder_pid, holder_started)
                VALUES (?, ?, ?, 'IN_FLIGHT', ?, ?, ?, ?, ?)
                ON CONFLICT (scope, idempotency_key) DO NOTHING
                """)) {
            insert.setString(1, scope);
            insert.setString(2, key);
            insert.setString(3, requestHash);
            insert.setObject(4, token);
            insert.setObject(5, timestamp(now));
            insert.setObject(6, timestamp(now));
            setHolder(insert, 7, holder);
            return insert.executeUpdate() == 1;
        }
    }

    /** Replaces an expired or forgotten record by a fresh claim, unless someone else changed it since we read it. */
    private static boolean takeOver(Connection connection, String scope, String key, UUID seenToken,
            String requestHash, UUID token, Instant now, Optional<ListenerSession> holder) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE idempotency_record
                   SET request_hash = ?, state = 'IN_FLIGHT', claim_token = ?, created_at = ?, claimed_at = ?,
                       response_status = NULL, response_headers = NULL, response_body = NULL, completed_at = NULL,
                       forget_after = NULL, holder_pid = ?, holder_started = ?
                 WHERE scope = ? AND idempotency_key = ? AND claim_token = ?
                """)) {
            update.setString(1, requestHash);
            update.setObject(2, token);
            update.setObject(3, timestamp(now));
            update.setObject(4, timestamp(now));
            setHolder(update, 5, holder);
            update.setString(7, scope);
            update.setString(8, key);
            update.setObject(9, seenToken);
            return update.executeUpdate() == 1;
        }
    }

    /** Takes over a claim whose request is presumed dead, unless someone else changed it since we read it. */
    private static boolean retake(Connection connection, String scope, String key, UUID seenToken, UUID token,
            Instant now, Optional<ListenerSession> holder) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE idempotency_record SET claim_token = ?, claimed_at = ?, holder_pid = ?, holder_started = ?
                 WHERE scope = ? AND idempotency_key = ? AND claim_token = ? AND state = 'IN_FLIGHT'
                """)) {
            update.setObject(1, token);
            update.setObject(2, timestamp(now));
            setHolder(update, 3, holder);
            update.setString(5, scope);
            update.setString(6, key);
            update.setObject(7, seenToken);
            return update.executeUpdate() == 1;
        }
    }

    /** Deletes a secret answer whose window has passed (found by a retry before the scheduled job got to it). */
    private static void forget(Connection connection, String scope, String key, UUID seenToken) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE idempotency_record
                   SET state = 'FORGOTTEN', response_status = NULL, response_headers = NULL, response_body = NULL,
                       forget_after = NULL
                 WHERE scope = ? AND idempotency_key = ? AND claim_token = ? AND state = 'COMPLETED'
                """)) {
            update.setString(1, scope);
            update.setString(2, key);
            update.setObject(3, seenToken);
            update.executeUpdate();
        }
    }

    private static void setHolder(PreparedStatement statement, int index, Optional<ListenerSession> holder)
            throws SQLException {
        if (holder.isPresent()) {
            statement.setInt(index, holder.get().pid());
            statement.setObject(index + 1, holder.get().started());
        } else {
            statement.setNull(index, java.sql.Types.INTEGER);
            statement.setObject(index + 1, null);
        }
    }

    /**
     * The record of a key. For a claim in flight, also whether its holder's session is gone: it had one, and no
     * session with that pid and start time (or with that pid and a start time we may not read) exists any more.
     */
    private static Existing find(Connection connection, String scope, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT r.request_hash, r.state, r.claim_token, r.created_at, r.claimed_at, r.forget_after,
                       CASE WHEN r.state = 'IN_FLIGHT' AND r.holder_pid IS NOT NULL THEN NOT EXISTS (
                           SELECT 1 FROM pg_stat_activity a
                            WHERE a.pid = r.holder_pid
                              AND (a.backend_start = r.holder_started OR a.backend_start IS NULL))
                       ELSE false END
                  FROM idempotency_record r WHERE r.scope = ? AND r.idempotency_key = ?
                """)) {
            select.setString(1, scope);
            select.setString(2, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                OffsetDateTime forgetAfter = row.getObject(6, OffsetDateTime.class);
                return new Existing(row.getString(1), row.getString(2), row.getObject(3, UUID.class),
                        row.getObject(4, OffsetDateTime.class).toInstant(),
                        row.getObject(5, OffsetDateTime.class).toInstant(),
                        forgetAfter == null ? null : forgetAfter.toInstant(), row.getBoolean(7));
            }
        }
    }

    /** The stored answer of a completed record (read separately: only a replay needs it). */
    private StoredResponse readAnswer(Connection connection, String scope, String key, Existing existing)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT response_status, response_body FROM idempotency_record
                 WHERE scope = ? AND idempotency_key = ? AND claim_token = ?
                """)) {
            select.setString(1, scope);
            select.setString(2, key);
            select.setObject(3, existing.claimToken);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("an idempotency record changed while it was replayed");
                }
                return decode(row.getInt(1), sealer.open(scope, key, row.getBytes(2)));
            }
        }
    }

    /** Headers and body in one sealed value: an {@code ETag} is a hash of the body, so it is sealed with it. */
    private byte[] encode(StoredResponse response) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            byte[] headers = json.writeValueAsBytes(response.headers());
            out.writeInt(headers.length);
            out.write(headers);
            out.writeInt(response.body() == null ? -1 : response.body().length);
            if (response.body() != null) {
                out.write(response.body());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("encoding an idempotent answer failed", e);
        }
    }

    private StoredResponse decode(int status, byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            byte[] headers = in.readNBytes(in.readInt());
            int bodyLength = in.readInt();
            byte[] body = bodyLength < 0 ? null : in.readNBytes(bodyLength);
            return new StoredResponse(status, json.readValue(headers, HEADERS), body);
        } catch (IOException e) {
            throw new IllegalStateException("a stored idempotent answer is unreadable", e);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private record Existing(String requestHash, String state, UUID claimToken, Instant createdAt, Instant claimedAt,
            Instant forgetAfter, boolean holderGone) {
    }
}
