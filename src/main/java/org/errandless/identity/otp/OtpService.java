package org.errandless.identity.otp;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditOutcome;
import org.errandless.audit.AuditTrail;
import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.ratelimit.RateDecision;
import org.errandless.common.ratelimit.RateLimit;
import org.errandless.common.ratelimit.RateLimiter;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.validation.MainlandMobile;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;
import org.errandless.identity.token.TokenPair;
import org.errandless.identity.token.TokenService;
import org.errandless.notifications.MessagePurpose;
import org.errandless.notifications.Outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * Sign-in with a one-time code sent by SMS.
 *
 * <p>Requesting a code: the client address must be within its limit; the phone must not have had a code within the
 * resend interval nor too many within the phone window (both counted from the challenges themselves, over a sliding
 * window, under a per-phone advisory lock so concurrent requests and instances cannot both slip through). A new code
 * supersedes the phone's earlier ones, so at most one is alive per phone; its SMS goes into the outbox in the same
 * transaction.
 *
 * <p>Verifying: the challenge row is locked, so of two concurrent tries exactly one can succeed and every wrong one is
 * counted. Wrong tries are committed although the request fails (the transaction decides and commits; the refusal is
 * thrown after it); the try that reaches the maximum locks the challenge. A good code spends the challenge, creates the citizen's account at L1 on the first
 * sign-in and issues a token pair. Unknown and already used challenges answer exactly like a wrong code. Tries are
 * limited per client address too, since each challenge bounds only its own wrong codes.
 *
 * <p>Sign-ins, failures and per-phone refusals go to the audit trail, the phone never: failures are by an anonymous
 * actor against the challenge id. Refusals by a per-address limit are not audited: they are what a flood from one
 * address produces, and each would be an append to the one audit chain; the per-address limits bound everything that
 * is audited.
 *
 * <p>One pooled connection at a time: the per-address permit commits on its own before the transaction begins, and
 * every audit record, refusals included, is appended in the request's one transaction (never in a second transaction
 * beside it, which would take a second connection while the first holds the phone's or the challenge's lock).
 */
@ApplicationScoped
@Startup
public class OtpService {

    /** Advisory lock class of the per-phone lock (the two-key lock space, apart from single-key locks). */
    static final int PHONE_LOCK_CLASS = 0x4F545031; // "OTP1"

    private static final String REQUEST = "auth.otp.request";
    private static final String VERIFY = "auth.otp.verify";
    private static final String TARGET = "otp-challenge";

    @Inject
    OtpConfig config;
    @Inject
    PersonalDataProtector protector;
    @Inject
    BusinessClock clock;
    @Inject
    RateLimiter limiter;
    @Inject
    Outbox outbox;
    @Inject
    AuditTrail audit;
    @Inject
    CitizenAccounts accounts;
    @Inject
    TokenService tokens;
    @Inject
    EntityManager entityManager;
    @Inject
    AgroalDataSource dataSource;

    private OtpCodes codes;
    private RateLimit perAddress;
    private RateLimit verifyPerAddress;

    @PostConstruct
    void init() {
        byte[] key = config.secret().filter(secret -> !secret.isBlank()).map(OtpService::secretBytes)
                .orElseGet(() -> protector.deriveKey("otp-code", 32));
        codes = new OtpCodes(key);
        Arrays.fill(key, (byte) 0);
        perAddress = new RateLimit("otp-request-per-address", config.perAddress().permits(),
                config.perAddress().window());
        verifyPerAddress = new RateLimit("otp-verify-per-address", config.verifyPerAddress().permits(),
                config.verifyPerAddress().window());
        if (config.retention().compareTo(config.phoneWindow()) < 0) {
            throw new IllegalStateException("errandless.otp.retention must be at least errandless.otp.phone-window");
        }
    }

    /**
     * Sends a new code to a phone.
     *
     * @param phone E.164 or the 11-digit number
     * @param clientAddress where the request came from, for the per-address limit
     * @throws ProblemException 400 {@code validation-failed} for anything but a mainland mobile number; 429
     *         {@code rate-limited} with {@code Retry-After} when a limit is reached
     */
    @Transactional(TxType.NEVER)
    public OtpChallengeView request(String phone, String clientAddress) {
        String national = MainlandMobile.national(phone).orElseThrow(() -> ProblemException.validation(
                List.of(new Problem.InvalidParam("phone", MainlandMobile.MESSAGE, "wrong-format"))));

        RateDecision address = limiter.acquire(perAddress, clientAddress);
        if (!address.allowed()) {
            // not audited: a flood from one address would otherwise become a flood of audit appends
            throw ProblemException.tooManyRequests("rate-limited",
                    "Too many codes were requested from your network; try again later", address.retryAfterSeconds());
        }
        Outcome<OtpChallengeView> outcome = QuarkusTransaction.requiringNew().call(() -> issue(national));
        return outcome.answer();
    }

    /**
     * The per-phone limits and the new challenge, in one transaction under the phone's lock. A refusal is recorded in
     * this transaction too, which then commits: one pooled connection throughout.
     */
    private Outcome<OtpChallengeView> issue(String national) {
        String phoneHash = protector.blindIndex(PersonalDataKind.PHONE, national);
        lockPhone(phoneHash);
        // what the database keeps, so the answer shows the stored expiry
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS);
        Object[] recent = entityManager.createQuery("select count(c), min(c.createdAt), max(c.createdAt) "
                + "from OtpChallenge c where c.phoneHash = :hash and c.createdAt > :since", Object[].class)
                .setParameter("hash", phoneHash).setParameter("since", now.minus(config.phoneWindow()))
                .getSingleResult();
        long count = ((Number) recent[0]).longValue();
        if (count > 0) {
            Instant resendAt = ((Instant) recent[2]).plus(config.resendInterval());
            if (now.isBefore(resendAt)) {
                return refused("resend-interval", seconds(now, resendAt),
                        "A code was just sent to this phone; wait before asking for another");
            }
            if (count >= config.maxCodesPerPhone()) {
                return refused("per-phone", seconds(now, ((Instant) recent[1]).plus(config.phoneWindow())),
                        "Too many codes were sent to this phone; try again later");
            }
        }

        OtpChallenge.update("supersededAt = ?1 where phoneHash = ?2 and consumedAt is null and supersededAt is null "
                + "and lockedAt is null", now, phoneHash);
        OtpChallenge challenge = new OtpChallenge();
        challenge.id = UUID.randomUUID();
        challenge.phoneCipher = protector.encrypt(PersonalDataKind.PHONE, national);
        challenge.phoneHash = phoneHash;
        String code = codes.newCode();
        challenge.codeHash = codes.hash(challenge.id, code);
        challenge.createdAt = now;
        challenge.expiresAt = now.plus(config.codeLifetime());
        challenge.persist();
        outbox.enqueueSms(national, smsText(code), MessagePurpose.OTP);

        audit.record(AuditEntry.success(AuditActor.anonymous(), REQUEST).target(TARGET, challenge.id.toString()));
        return Outcome.answered(new OtpChallengeView(challenge.id, challenge.expiresAt,
                config.resendInterval().toSeconds()));
    }

    /**
     * Signs in with a code.
     *
     * <p>The per-address permit is taken first, on its own; then one transaction locks the challenge, counts a wrong
     * code, records the outcome on the audit trail and commits, whether the answer is a token pair or a refusal. So a
     * try holds one pooled connection at a time, and concurrent tries of one challenge queue on its row lock: exactly
     * {@code errandless.otp.max-attempts} wrong codes are counted, every later one answers {@code otp-locked}.
     *
     * @param clientAddress where the request came from, for the per-address limit
     * @return a new token pair of the phone's citizen account
     * @throws ProblemException 401 {@code otp-invalid} for a wrong code, an unknown or an already used challenge; 410
     *         {@code otp-expired} for an expired or superseded one; 423 {@code otp-locked} once too many wrong codes
     *         were tried; 403 {@code forbidden} for a disabled account, {@code minor-cannot-sign-in} for an account
     *         bound to a child under 16 ({@link CitizenAccounts#refusal}); 429 {@code rate-limited} with
     *         {@code Retry-After} when the address tried too often
     */
    @Transactional(TxType.NEVER)
    public TokenPair verify(UUID challengeId, String code, String clientAddress) {
        RateDecision address = limiter.acquire(verifyPerAddress, clientAddress);
        if (!address.allowed()) {
            throw ProblemException.tooManyRequests("rate-limited",
                    "Too many sign-in tries from your network; try again later", address.retryAfterSeconds());
        }
        Outcome<TokenPair> outcome = QuarkusTransaction.requiringNew().call(() -> check(challengeId, code));
        return outcome.answer();
    }

    private Outcome<TokenPair> check(UUID challengeId, String code) {
        OtpChallenge challenge = OtpChallenge.findById(challengeId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS);
        if (challenge == null) {
            return failed(AuditOutcome.FAILURE, null, "unknown-challenge", invalid("The code is wrong"));
        }
        String target = challenge.id.toString();
        if (challenge.consumedAt != null) {
            return failed(AuditOutcome.FAILURE, target, "already-used", invalid("The code is wrong"));
        }
        if (challenge.lockedAt != null) {
            return failed(AuditOutcome.DENIED, target, "locked", locked());
        }
        if (challenge.supersededAt != null) {
            return failed(AuditOutcome.FAILURE, target, "superseded", new ProblemException(410, "otp-expired",
                    "A newer code was sent to this phone; use that one"));
        }
        if (challenge.expiredAt(now)) {
            return failed(AuditOutcome.FAILURE, target, "expired",
                    new ProblemException(410, "otp-expired", "The code has expired; ask for a new one"));
        }
        if (!codes.matches(challenge.id, code, challenge.codeHash)) {
            if (challenge.wrongCode(config.maxAttempts(), now)) {
                return failed(AuditOutcome.FAILURE, target, "wrong-code-locked", locked());
            }
            int left = config.maxAttempts() - challenge.attempts;
            return failed(AuditOutcome.FAILURE, target, "wrong-code",
                    invalid("The code is wrong; " + left + (left == 1 ? " try" : " tries") + " left"));
        }

        String phone = protector.decrypt(PersonalDataKind.PHONE, challenge.phoneCipher);
        boolean firstSignIn = accounts.byPhone(phone).isEmpty();
        CitizenAccount account = accounts.findOrCreate(phone);
        challenge.consume(account.id, now);
        if (account.disabled) {
            audit.record(AuditEntry.denied(AuditActor.citizen(account.id.toString()), VERIFY)
                    .target(TARGET, target).detail("reason", "account-disabled"));
            return Outcome.refused(ProblemException.forbidden("This account is disabled"));
        }
        Optional<ProblemException> refused = accounts.refusal(account);
        if (refused.isPresent()) {
            // a child's account bound before the age rule: no new sign-in, and the ones it still has end now
            tokens.revokeAll(CitizenAccounts.ACCOUNT_TYPE, account.id, refused.get().code());
            audit.record(AuditEntry.denied(AuditActor.citizen(account.id.toString()), VERIFY)
                    .target(TARGET, target).detail("reason", refused.get().code()));
            return Outcome.refused(refused.get());
        }
        TokenPair pair = tokens.issue(accounts.subjectOf(account));
        audit.record(AuditEntry.success(AuditActor.citizen(account.id.toString()), VERIFY)
                .target(TARGET, target).detail("firstSignIn", Boolean.toString(firstSignIn)));
        return Outcome.answered(pair);
    }

    /**
     * What a transaction of this service decided: an answer, or a refusal that is thrown only after the transaction
     * committed what it counted and recorded.
     */
    private record Outcome<T>(T value, ProblemException refusal) {

        static <T> Outcome<T> answered(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> refused(ProblemException refusal) {
            return new Outcome<>(null, refusal);
        }

        T answer() {
            if (refusal != null) {
                throw refusal;
            }
            return value;
        }
    }

    /** Deletes challenges past their retention. */
    @Scheduled(identity = "otp-challenge-purge", every = "{errandless.otp.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        OtpChallenge.delete("createdAt < ?1", clock.now().minus(config.retention()));
    }

    private String smsText(String code) {
        return config.smsTemplate().replace("{code}", code)
                .replace("{minutes}", Long.toString(config.codeLifetime().toMinutes()));
    }

    /** Serialises code requests for one phone across all instances until this transaction ends. */
    private void lockPhone(String phoneHash) {
        int key = Arrays.hashCode(phoneHash.getBytes(StandardCharsets.US_ASCII));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, PHONE_LOCK_CLASS);
            lock.setInt(2, key);
            lock.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lock the phone's code requests", e);
        }
    }

    /** A per-phone refusal, recorded in the caller's transaction (which commits: the refusal is an answer). */
    private <T> Outcome<T> refused(String limit, long retryAfterSeconds, String detail) {
        audit.record(AuditEntry.denied(AuditActor.anonymous(), REQUEST).detail("reason", "rate-limited")
                .detail("limit", limit));
        return Outcome.refused(ProblemException.tooManyRequests("rate-limited", detail, retryAfterSeconds));
    }

    /** A failed try, recorded in the caller's transaction, which commits it with the count of wrong codes. */
    private <T> Outcome<T> failed(AuditOutcome outcome, String target, String reason, ProblemException problem) {
        audit.record(new AuditEntry(AuditActor.anonymous(), VERIFY, outcome, target == null ? null : TARGET, target,
                Map.of("reason", reason)));
        return Outcome.refused(problem);
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(401, "otp-invalid", detail);
    }

    private static ProblemException locked() {
        return new ProblemException(423, "otp-locked",
                "Too many wrong codes: this code no longer works; ask for a new one");
    }

    private static long seconds(Instant now, Instant until) {
        Duration left = Duration.between(now, until);
        return Math.max(1, left.getSeconds() + (left.getNano() > 0 ? 1 : 0));
    }

    private static byte[] secretBytes(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException("errandless.otp.secret (ERRANDLESS_OTP_SECRET) must be at least 32 "
                    + "characters, e.g. `openssl rand -base64 32`");
        }
        return bytes;
    }
}
