package org.errandless.identity.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;

import io.quarkus.scheduler.Scheduled;

/**
 * The second factor of staff accounts, as a mechanism: TOTP enrolment and verification with replay protection,
 * one-time recovery codes, and the short-lived challenges of the second sign-in step. It knows accounts only by id;
 * who may do what, throttling, tokens and the audit trail are the staff feature's ({@code identity/staff}).
 *
 * <p>Every check that accepts a code commits its effect with a conditional update (a TOTP time step only if it is
 * later than the last one accepted, a recovery code only if unused, a challenge only if open), so of concurrent
 * requests with one code exactly one succeeds, on any number of instances. Secrets are encrypted with the data key
 * and never logged; the secret and the recovery codes leave this class only in the answer that hands them out.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class SecondFactors {

    /** Label of the key of recovery-code hashes, derived from the data key. */
    static final String RECOVERY_CODE_KEY = "staff-mfa-recovery-code";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    PersonalDataProtector protector;
    @Inject
    EntityManager entityManager;
    @Inject
    BusinessClock clock;

    private final Totp totp = new Totp();
    private RecoveryCodes recoveryCodes;

    @PostConstruct
    void init() {
        recoveryCodes = new RecoveryCodes(protector.deriveKey(RECOVERY_CODE_KEY, 32));
    }

    /** How a code was accepted; each names its RFC 8176 {@code amr} values. */
    public enum Method {
        /** A code of the authenticator app. */
        TOTP,
        /** A one-time recovery code. */
        RECOVERY_CODE
    }

    /** Where an account's enrolment stands. */
    public enum State {
        /** Never enrolled, or disabled or reset since. */
        NONE,
        /** Started, not yet confirmed by a code. */
        PENDING,
        /** Sign-ins need a code. */
        ACTIVE
    }

    /**
     * An account's second factor.
     *
     * @param state where the enrolment stands
     * @param enrolledAt when the active enrolment was confirmed
     * @param recoveryCodesLeft unused recovery codes of an active enrolment
     */
    public record Status(State state, Instant enrolledAt, int recoveryCodesLeft) {
    }

    /**
     * A started enrolment: the secret, shown this once.
     *
     * @param secret base32, for typing into the app
     * @param otpauthUri the same as an {@code otpauth://totp/...} URI, for a QR code
     */
    public record Enrolment(String secret, String otpauthUri) {
    }

    /**
     * An open second sign-in step.
     *
     * @param token the opaque token the client sends back with the code (only its hash is kept)
     * @param expiresAt when it stops accepting codes
     */
    public record IssuedChallenge(String token, Instant expiresAt) {
    }

    /** An open challenge: whose sign-in it is. */
    public record ChallengeRef(UUID id, UUID accountId, String username) {
    }

    /** The account's second factor. */
    @Transactional(TxType.SUPPORTS)
    public Status status(UUID accountId) {
        MfaEnrolment enrolment = MfaEnrolment.findById(accountId);
        if (enrolment == null) {
            return new Status(State.NONE, null, 0);
        }
        if (!enrolment.active()) {
            return new Status(State.PENDING, null, 0);
        }
        long left = MfaRecoveryCode.count("accountId = ?1 and usedAt is null", accountId);
        return new Status(State.ACTIVE, enrolment.enrolledAt, (int) left);
    }

    /** Whether sign-ins of the account need a code. */
    @Transactional(TxType.SUPPORTS)
    public boolean active(UUID accountId) {
        MfaEnrolment enrolment = MfaEnrolment.findById(accountId);
        return enrolment != null && enrolment.active();
    }

    /**
     * Starts (or restarts) an enrolment with a new secret; a pending one is replaced.
     *
     * @param accountName how the app lists the account, e.g. the username
     * @param issuer how the app names the service
     * @throws ProblemException 409 {@code mfa-already-enrolled} when an enrolment is active
     */
    public Enrolment start(UUID accountId, String accountName, String issuer, Instant now) {
        MfaEnrolment enrolment = entityManager.find(MfaEnrolment.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (enrolment != null && enrolment.active()) {
            throw ProblemException.conflict("mfa-already-enrolled", "A second factor is already enrolled; disable it "
                    + "first (with a current code) to enrol another app");
        }
        byte[] raw = new byte[Totp.SECRET_BYTES];
        RANDOM.nextBytes(raw);
        String secret = Base32.encode(raw);
        Arrays.fill(raw, (byte) 0);
        if (enrolment == null) {
            enrolment = new MfaEnrolment();
            enrolment.accountId = accountId;
            enrolment.secretCiphertext = protector.encrypt(PersonalDataKind.TOTP_SECRET, secret);
            enrolment.state = MfaEnrolment.PENDING;
            enrolment.startedAt = truncated(now);
            enrolment.lastUsedStep = -1;
            enrolment.persist();
        } else {
            enrolment.secretCiphertext = protector.encrypt(PersonalDataKind.TOTP_SECRET, secret);
            enrolment.startedAt = truncated(now);
            enrolment.lastUsedStep = -1;
        }
        return new Enrolment(secret, otpauthUri(secret, accountName, issuer));
    }

    /**
     * Confirms a pending enrolment with a first valid code of its secret, and hands out the first recovery codes.
     *
     * @return the recovery codes, shown this once; empty for a wrong code (nothing changed)
     * @throws ProblemException 409 {@code mfa-enrolment-not-started} without a pending enrolment, or
     *         {@code mfa-already-enrolled}
     */
    public Optional<List<String>> confirm(UUID accountId, String code, Instant now) {
        MfaEnrolment enrolment = entityManager.find(MfaEnrolment.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (enrolment == null) {
            throw ProblemException.conflict("mfa-enrolment-not-started", "No enrolment to confirm: start one first");
        }
        if (enrolment.active()) {
            throw ProblemException.conflict("mfa-already-enrolled", "The second factor is already enrolled");
        }
        OptionalLong step = totp.match(secret(enrolment), code, now, enrolment.lastUsedStep);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        enrolment.activate(step.getAsLong(), truncated(now));
        return Optional.of(replaceRecoveryCodes(accountId, now));
    }

    /**
     * Checks a code of an active enrolment and uses it up: a TOTP code's time step (no code of it or an earlier step
     * is accepted again), or a recovery code.
     *
     * @param code 6 digits, or a recovery code (any case, hyphen optional)
     * @return how it was accepted; empty for a wrong, used or malformed code, or an account without an active
     *         enrolment
     */
    public Optional<Method> verify(UUID accountId, String code, Instant now) {
        MfaEnrolment enrolment = MfaEnrolment.findById(accountId);
        if (enrolment == null || !enrolment.active() || code == null) {
            return Optional.empty();
        }
        String given = code.strip();
        if (given.length() == Totp.DIGITS) {
            OptionalLong step = totp.match(secret(enrolment), given, now, enrolment.lastUsedStep);
            if (step.isEmpty()) {
                return Optional.empty();
            }
            int taken = entityManager.createQuery("update MfaEnrolment e set e.lastUsedStep = :step "
                    + "where e.accountId = :account and e.lastUsedStep < :step and e.state = :active")
                    .setParameter("step", step.getAsLong()).setParameter("account", accountId)
                    .setParameter("active", MfaEnrolment.ACTIVE).executeUpdate();
            return taken == 1 ? Optional.of(Method.TOTP) : Optional.empty();
        }
        Optional<String> recovery = RecoveryCodes.normalise(given);
        if (recovery.isEmpty()) {
            return Optional.empty();
        }
        int used = entityManager.createQuery("update MfaRecoveryCode c set c.usedAt = :now "
                + "where c.accountId = :account and c.codeHash = :hash and c.usedAt is null")
                .setParameter("now", truncated(now)).setParameter("account", accountId)
                .setParameter("hash", recoveryCodes.hash(accountId, recovery.get())).executeUpdate();
        return used == 1 ? Optional.of(Method.RECOVERY_CODE) : Optional.empty();
    }

    /**
     * A new set of recovery codes for an active enrolment; the old ones stop working.
     *
     * @throws ProblemException 409 {@code mfa-not-enrolled} without an active enrolment
     */
    public List<String> newRecoveryCodes(UUID accountId, Instant now) {
        if (!active(accountId)) {
            throw notEnrolled();
        }
        return replaceRecoveryCodes(accountId, now);
    }

    /**
     * Removes the account's enrolment (pending or active), its recovery codes and its open challenges.
     *
     * @return whether there was an enrolment
     */
    public boolean remove(UUID accountId) {
        MfaRecoveryCode.delete("accountId", accountId);
        MfaChallenge.delete("accountId", accountId);
        return MfaEnrolment.deleteById(accountId);
    }

    /** Opens the second step of a sign-in whose password was right. */
    public IssuedChallenge openChallenge(UUID accountId, String username, Instant now, Duration lifetime) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "mfa_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        MfaChallenge challenge = new MfaChallenge();
        challenge.id = UUID.randomUUID();
        challenge.tokenHash = hash(token);
        challenge.accountId = accountId;
        challenge.username = username;
        challenge.createdAt = truncated(now);
        challenge.expiresAt = truncated(now.plus(lifetime));
        challenge.persist();
        return new IssuedChallenge(token, challenge.expiresAt);
    }

    /** The open challenge of this token at {@code now}, if any (unknown, used and expired ones are not). */
    @Transactional(TxType.SUPPORTS)
    public Optional<ChallengeRef> findChallenge(String token, Instant now) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return MfaChallenge.<MfaChallenge>find("tokenHash", hash(token.strip())).firstResultOptional()
                .filter(challenge -> challenge.open(now))
                .map(challenge -> new ChallengeRef(challenge.id, challenge.accountId, challenge.username));
    }

    /**
     * Takes the challenge for this request, under a row lock, if it is still open; close it with
     * {@link #closeChallenge} in the same transaction once a code was accepted.
     */
    public boolean lockChallenge(UUID id, Instant now) {
        MfaChallenge challenge = entityManager.find(MfaChallenge.class, id, LockModeType.PESSIMISTIC_WRITE);
        return challenge != null && challenge.open(now);
    }

    /** Marks a challenge used: it completes no other sign-in. */
    public void closeChallenge(UUID id, Instant now) {
        MfaChallenge challenge = MfaChallenge.findById(id);
        if (challenge != null && challenge.usedAt == null) {
            challenge.usedAt = truncated(now);
        }
    }

    /** Deletes challenges that expired before {@code before}; answers how many. */
    @Transactional(TxType.REQUIRED)
    public long purgeChallenges(Instant before) {
        return MfaChallenge.delete("expiresAt < ?1", before);
    }

    @Scheduled(identity = "staff-mfa-challenge-purge", every = "{errandless.identity.purge-every}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(TxType.REQUIRED)
    void purge() {
        purgeChallenges(clock.now());
    }

    private List<String> replaceRecoveryCodes(UUID accountId, Instant now) {
        MfaRecoveryCode.delete("accountId", accountId);
        List<String> codes = RecoveryCodes.generate();
        for (String code : codes) {
            MfaRecoveryCode row = new MfaRecoveryCode();
            row.id = UUID.randomUUID();
            row.accountId = accountId;
            row.codeHash = recoveryCodes.hash(accountId, RecoveryCodes.normalise(code).orElseThrow());
            row.createdAt = truncated(now);
            row.persist();
        }
        return codes;
    }

    private byte[] secret(MfaEnrolment enrolment) {
        return Base32.decode(protector.decrypt(PersonalDataKind.TOTP_SECRET, enrolment.secretCiphertext));
    }

    static String otpauthUri(String secret, String accountName, String issuer) {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(accountName) + "?secret=" + secret + "&issuer="
                + encode(issuer) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP.getSeconds();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ProblemException notEnrolled() {
        return ProblemException.conflict("mfa-not-enrolled", "No second factor is enrolled");
    }

    private static Instant truncated(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
