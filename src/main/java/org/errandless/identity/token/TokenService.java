package org.errandless.identity.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.SecondFactor;
import org.errandless.common.time.BusinessClock;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Issues access tokens and rotates refresh tokens.
 *
 * <p>Token lifetimes use system time, not the business clock: a fixed business clock in tests must not produce
 * tokens that are already expired. Presenting a spent refresh token revokes its whole family (theft detection):
 * whoever holds the stolen copy and the rightful owner are both signed out.
 *
 * <p>A sign-in may record how it was authenticated (RFC 8176 {@code amr} values): its access tokens, refreshed ones
 * included, carry them in {@code amr}, and, where the subject has no assurance level of its own (staff), {@code acr}
 * AAL2 when a second factor was used and AAL1 otherwise. Account types with {@link SessionLimits} (staff) end their
 * sign-ins after an absolute and an idle limit, measured on the business clock like every other expiry that tests move.
 */
@ApplicationScoped
@Transactional
public class TokenService {

    /** The account type of partner clients ({@code acct}). */
    public static final String PARTNER = "PARTNER";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Claims only this service sets; a subject's further claims never replace them. */
    private static final Set<String> OWN_CLAIMS = Set.of("iss", "aud", "sub", "groups", "jti", "iat", "exp", "nbf",
            Claims.ACCOUNT_TYPE, Claims.FAMILY, Claims.ASSURANCE, Claims.METHODS, Claims.STATION, Claims.DIVISION,
            Claims.SCOPE);

    @Inject
    TokenKeys keys;
    @Inject
    TokenConfig config;
    @Inject
    Instance<TokenSubjects> subjects;
    @Inject
    TokenEvents events;
    @Inject
    TokenRevocations revocations;
    @Inject
    Instance<SessionLimits> sessionLimits;
    @Inject
    BusinessClock clock;

    /** A new sign-in: a new family, a refresh token and an access token. */
    public TokenPair issue(TokenSubject subject) {
        return issue(subject, List.of());
    }

    /**
     * A new sign-in authenticated by these methods (RFC 8176 {@code amr} values, e.g. {@code pwd}, {@code otp},
     * {@code mfa}), which its access tokens carry for as long as it lasts.
     */
    public TokenPair issue(TokenSubject subject, List<String> methods) {
        TokenFamily family = new TokenFamily();
        family.id = UUID.randomUUID();
        family.accountType = subject.accountType();
        family.accountId = subject.accountId();
        family.createdAt = now();
        family.authMethods = methods.isEmpty() ? null : String.join(" ", methods);
        family.authenticatedAt = clock.now();
        family.lastActiveAt = family.authenticatedAt;
        family.persist();
        return pair(subject, family);
    }

    /**
     * Rotates a refresh token: the presented one is spent, a new pair in the same family answers. A refusal still
     * commits what it revoked, or a thief could retry forever.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenPair refresh(String presented) {
        RefreshToken token = RefreshToken.<RefreshToken>find("tokenHash", hash(presented)).firstResult();
        if (token == null) {
            throw unauthorized();
        }
        TokenFamily family = TokenFamily.findById(token.familyId);
        if (family.revoked()) {
            throw unauthorized();
        }
        if (token.spentAt != null) {
            family.revoke("refresh-token-reuse", now());
            events.familyRevoked(family, "refresh-token-reuse");
            throw unauthorized();
        }
        if (token.expiresAt.isBefore(now())) {
            throw unauthorized();
        }
        Optional<String> ended = sessionEnded(family, clock.now());
        if (ended.isPresent()) {
            family.revoke(ended.get(), now());
            events.familyRevoked(family, ended.get());
            throw new ProblemException(401, "unauthorized", "The sign-in has ended ("
                    + ("session-idle".equals(ended.get()) ? "idle too long" : "too long ago") + "); sign in again");
        }
        // spend it atomically: of two concurrent uses of one token, exactly one rotates
        int spent = RefreshToken.update("spentAt = ?1 where id = ?2 and spentAt is null", now(), token.id);
        if (spent == 0) {
            family.revoke("refresh-token-reuse", now());
            events.familyRevoked(family, "refresh-token-reuse");
            throw unauthorized();
        }
        Optional<TokenSubject> subject = subjectOf(family);
        if (subject.isEmpty()) {
            family.revoke("account-disabled", now());
            events.familyRevoked(family, "account-disabled");
            throw unauthorized();
        }
        Optional<ProblemException> refused = refusalOf(family.accountType, family.accountId);
        if (refused.isPresent()) {
            // the account may not be used today (a child's bound account): every sign-in of it ends
            revokeAll(family.accountType, family.accountId, refused.get().code());
            throw refused.get();
        }
        family.lastActiveAt = clock.now();
        return pair(subject.get(), family);
    }

    /**
     * Why the sign-in may not be refreshed at business time {@code now}: {@code session-expired} after the absolute
     * limit of its account type, {@code session-idle} after the idle limit; empty where neither applies.
     */
    private Optional<String> sessionEnded(TokenFamily family, Instant now) {
        for (SessionLimits limits : sessionLimits) {
            if (!limits.accountType().equals(family.accountType)) {
                continue;
            }
            Instant signedIn = family.authenticatedAt != null ? family.authenticatedAt : family.createdAt;
            Instant active = family.lastActiveAt != null ? family.lastActiveAt : signedIn;
            if (!now.isBefore(signedIn.plus(limits.maxLifetime()))) {
                return Optional.of("session-expired");
            }
            if (!now.isBefore(active.plus(limits.maxIdle()))) {
                return Optional.of("session-idle");
            }
        }
        return Optional.empty();
    }

    /**
     * Allows replaying a stored refresh answer (a retry with the same {@code Idempotency-Key}) only while the refresh
     * token it handed out is unused and its sign-in alive. Once the client has used that token, a replay is a reuse
     * of the spent token the answer was for: the family is revoked, as for any reuse, and the replay refused.
     *
     * @param handedOut the refresh token of the stored answer
     * @throws ProblemException 401 {@code unauthorized}
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public void confirmReplayable(String handedOut) {
        RefreshToken token = RefreshToken.<RefreshToken>find("tokenHash", hash(handedOut)).firstResult();
        if (token == null) {
            throw unauthorized();
        }
        TokenFamily family = TokenFamily.findById(token.familyId);
        if (family.revoked()) {
            throw unauthorized();
        }
        if (token.spentAt != null) {
            family.revoke("refresh-token-reuse", now());
            events.familyRevoked(family, "refresh-token-reuse");
            throw unauthorized();
        }
    }

    /** Ends a sign-in: the family and every token of it stop working at once. */
    public void revokeFamily(UUID familyId, String reason) {
        TokenFamily family = TokenFamily.findById(familyId);
        if (family != null && !family.revoked()) {
            family.revoke(reason, now());
            events.familyRevoked(family, reason);
        }
    }

    /** Ends every sign-in of an account (identity moved away, account disabled, password reset). */
    public void revokeAll(String accountType, UUID accountId, String reason) {
        TokenFamily.<TokenFamily>list("accountType = ?1 and accountId = ?2 and revokedAt is null", accountType,
                accountId).forEach(family -> {
                    family.revoke(reason, now());
                    events.familyRevoked(family, reason);
                });
    }

    /**
     * Disables an account for token checks, in the caller's transaction (which also marks the account itself
     * disabled): every sign-in of it is revoked, and once the transaction commits every instance refuses its access
     * tokens, even one minted by a sign-in that raced with this.
     */
    public void accountDisabled(String accountType, UUID accountId, String reason) {
        revokeAll(accountType, accountId, reason);
        revocations.accountChanged(accountType, accountId, true);
    }

    /** Lets an account's new sign-ins work again once the caller's transaction commits (old ones stay revoked). */
    public void accountEnabled(String accountType, UUID accountId) {
        revocations.accountChanged(accountType, accountId, false);
    }

    /**
     * The database's answer to "is this token's sign-in still good": its family exists, belongs to the account and
     * is not revoked (a partner client's family is the client itself), and the account exists and is enabled. Asked
     * only while the view in memory ({@link TokenRevocations}) is not current.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean signInActive(String accountType, UUID accountId, UUID familyId) {
        if (!PARTNER.equals(accountType)) {
            TokenFamily family = TokenFamily.findById(familyId);
            if (family == null || family.revoked() || !family.accountId.equals(accountId)
                    || !family.accountType.equals(accountType)) {
                return false;
            }
        }
        return subjectOf(accountType, accountId).isPresent();
    }

    /**
     * An access token of a partner client (OAuth2 client credentials): {@code acct} PARTNER, {@code groups} PARTNER,
     * the granted {@code scope}s, no refresh token. Its family ({@code fam}) is the client itself: there is no
     * sign-in to revoke, and disabling the client stops every token of it at once ({@link #accountDisabled}).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String partnerAccessToken(UUID clientId, java.util.Collection<String> scopes, java.time.Duration lifetime) {
        long issuedAt = Instant.now().getEpochSecond();
        return Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(clientId.toString())
                .groups(java.util.Set.of(org.errandless.common.security.Roles.PARTNER))
                .claim(org.eclipse.microprofile.jwt.Claims.jti.name(), UUID.randomUUID().toString())
                .claim(Claims.ACCOUNT_TYPE, PARTNER)
                .claim(Claims.FAMILY, clientId.toString())
                .claim(Claims.SCOPE, String.join(" ", scopes))
                .issuedAt(issuedAt)
                .expiresAt(issuedAt + lifetime.toSeconds())
                .jws().keyId(keys.signingKid()).algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(keys.signingKey());
    }

    /** Whether the account still exists and is enabled (a loader of its type answers a subject). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean accountActive(String accountType, UUID accountId) {
        return subjectOf(accountType, accountId).isPresent();
    }

    private TokenPair pair(TokenSubject subject, TokenFamily family) {
        String refresh = "rt_" + randomToken();
        RefreshToken token = new RefreshToken();
        token.id = UUID.randomUUID();
        token.familyId = family.id;
        token.tokenHash = hash(refresh);
        token.issuedAt = now();
        token.expiresAt = token.issuedAt.plus(config.refreshTokenLifetime());
        token.persist();
        return new TokenPair(accessToken(subject, family), refresh, "Bearer",
                config.accessTokenLifetime().toSeconds());
    }

    private String accessToken(TokenSubject subject, TokenFamily family) {
        UUID familyId = family.id;
        long issuedAt = Instant.now().getEpochSecond();
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(subject.accountId().toString())
                .groups(subject.roles())
                .claim(org.eclipse.microprofile.jwt.Claims.jti.name(), UUID.randomUUID().toString())
                .claim(Claims.ACCOUNT_TYPE, subject.accountType())
                .claim(Claims.FAMILY, familyId.toString())
                .issuedAt(issuedAt)
                .expiresAt(issuedAt + config.accessTokenLifetime().toSeconds());
        subject.claims().forEach((name, value) -> {
            if (!OWN_CLAIMS.contains(name)) {
                claims.claim(name, value);
            }
        });
        List<String> methods = family.authMethods == null ? List.of() : List.of(family.authMethods.split(" "));
        if (!methods.isEmpty()) {
            claims.claim(Claims.METHODS, methods);
        }
        if (subject.assuranceLevel().isPresent()) {
            claims.claim(Claims.ASSURANCE, subject.assuranceLevel().get());
        } else if (!methods.isEmpty()) {
            claims.claim(Claims.ASSURANCE, methods.contains(SecondFactor.MFA) ? "AAL2" : "AAL1");
        }
        subject.stationCode().ifPresent(station -> claims.claim(Claims.STATION, station));
        subject.divisionCode().ifPresent(division -> claims.claim(Claims.DIVISION, division));
        return claims.jws().keyId(keys.signingKid()).algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(keys.signingKey());
    }

    /** Why the account may not sign in or refresh today ({@link TokenSubjects#refusal}); empty when nothing stops it. */
    private Optional<ProblemException> refusalOf(String accountType, UUID accountId) {
        for (TokenSubjects loader : subjects) {
            if (loader.accountType().equals(accountType)) {
                Optional<ProblemException> refusal = loader.refusal(accountId);
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<TokenSubject> subjectOf(TokenFamily family) {
        return subjectOf(family.accountType, family.accountId);
    }

    private Optional<TokenSubject> subjectOf(String accountType, UUID accountId) {
        for (TokenSubjects loader : subjects) {
            if (loader.accountType().equals(accountType)) {
                Optional<TokenSubject> subject = loader.load(accountId);
                if (subject.isPresent()) {
                    return subject;
                }
            }
        }
        return Optional.empty();
    }

    private static ProblemException unauthorized() {
        return new ProblemException(401, "unauthorized", "The refresh token is invalid, expired or revoked");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
