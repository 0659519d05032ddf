package org.errandless.identity.token;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.json.JsonString;

import org.jose4j.jwt.JwtClaims;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;

/**
 * The principal of an access token that passed {@link VerifyingPrincipalFactory}: built once per token and only read
 * afterwards, so what every request asks of it is worked out once, when the token is verified: the account type,
 * account and sign-in family ({@link TokenRevocationAugmentor} checks them on every request) and the groups (the
 * roles of the security identity).
 *
 * <p>It also answers {@link #getClaim(String)} for our own claims ({@code acct}, {@code fam}, {@code station}, ...)
 * without the exception smallrye-jwt uses to find out that a name is not one of the standard claims (an
 * {@code Enum.valueOf} that fails, with its stack trace, on every read of a custom claim); the values are the same.
 */
final class VerifiedPrincipal extends DefaultJWTCallerPrincipal {

    private static final Map<String, org.eclipse.microprofile.jwt.Claims> STANDARD = Arrays
            .stream(org.eclipse.microprofile.jwt.Claims.values())
            .collect(Collectors.toUnmodifiableMap(org.eclipse.microprofile.jwt.Claims::name, Function.identity()));

    private final String accountType;
    private final UUID accountId;
    private final UUID family;
    private final Set<String> groups;

    VerifiedPrincipal(String token, JwtClaims claims) {
        super(token, "JWT", claims);
        this.accountType = text(getClaim(Claims.ACCOUNT_TYPE));
        this.accountId = uuid(getSubject());
        this.family = uuid(text(getClaim(Claims.FAMILY)));
        this.groups = Set.copyOf(super.getGroups());
    }

    /** The {@code acct} claim, or null when missing or not a string. */
    String accountType() {
        return accountType;
    }

    /** The subject as an account id, or null when it is not a UUID. */
    UUID accountId() {
        return accountId;
    }

    /** The {@code fam} claim as a sign-in family, or null when missing or not a UUID. */
    UUID family() {
        return family;
    }

    @Override
    public Set<String> getGroups() {
        return groups;
    }

    @Override
    protected org.eclipse.microprofile.jwt.Claims getClaimType(String claimName) {
        org.eclipse.microprofile.jwt.Claims standard = claimName == null ? null : STANDARD.get(claimName);
        return standard != null ? standard : org.eclipse.microprofile.jwt.Claims.UNKNOWN;
    }

    static String text(Object claim) {
        if (claim instanceof String value) {
            return value;
        }
        return claim instanceof JsonString value ? value.getString() : null;
    }

    static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
