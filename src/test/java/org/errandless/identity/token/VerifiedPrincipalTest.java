package org.errandless.identity.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;

/**
 * {@link VerifiedPrincipal} answers exactly what smallrye-jwt's own principal answers for the same claims (every
 * claim, standard or ours, the subject and the groups), and works out the account type, account and family once.
 * Seeded cases: tokens of every account type, with and without our claims, with claims that are not UUIDs.
 */
class VerifiedPrincipalTest {

    private static final List<String> TYPES = List.of("CITIZEN", "STAFF", "PARTNER", "NOBODY");

    static Stream<JwtClaims> tokens() {
        Random random = new Random(20261205L);
        return IntStream.range(0, 40).mapToObj(i -> {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer("errandless");
            claims.setAudience("errandless-app");
            claims.setSubject(random.nextInt(8) == 0 ? "not-a-uuid" : new UUID(random.nextLong(), random.nextLong())
                    .toString());
            claims.setJwtId(UUID.randomUUID().toString());
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(15);
            claims.setStringListClaim("groups", TYPES.subList(0, random.nextInt(TYPES.size())));
            if (random.nextInt(6) != 0) {
                claims.setClaim(Claims.ACCOUNT_TYPE, TYPES.get(random.nextInt(TYPES.size())));
            }
            if (random.nextInt(6) != 0) {
                claims.setClaim(Claims.FAMILY, random.nextInt(8) == 0 ? "family"
                        : new UUID(random.nextLong(), random.nextLong()).toString());
            }
            if (random.nextBoolean()) {
                claims.setClaim(Claims.STATION, "500103-" + random.nextInt(16));
                claims.setClaim(Claims.ASSURANCE, "aal" + (1 + random.nextInt(2)));
                claims.setStringListClaim(Claims.METHODS, random.nextBoolean() ? List.of("pwd", "otp") : List.of("pwd"));
                claims.setClaim("mfa_exempt", random.nextBoolean());
                claims.setClaim("mfa_enrol_by", 1_790_000_000L + random.nextInt(1_000_000));
            }
            return claims;
        });
    }

    @ParameterizedTest
    @MethodSource("tokens")
    void answersWhatSmallryeJwtsPrincipalAnswers(JwtClaims claims) throws Exception {
        String json = claims.toJson();
        DefaultJWTCallerPrincipal expected = new DefaultJWTCallerPrincipal("raw", "JWT", JwtClaims.parse(json));
        VerifiedPrincipal actual = new VerifiedPrincipal("raw", JwtClaims.parse(json));

        assertEquals(expected.getClaimNames(), actual.getClaimNames());
        for (String name : expected.getClaimNames()) {
            assertEquals(comparable(expected.getClaim(name)), comparable(actual.getClaim(name)), name);
        }
        assertEquals(String.valueOf((Object) expected.getClaim("absent")), String.valueOf((Object) actual.getClaim(
                "absent")));
        assertEquals(expected.getSubject(), actual.getSubject());
        assertEquals(expected.getName(), actual.getName());
        assertEquals(expected.getGroups(), actual.getGroups());
        assertEquals(expected.getExpirationTime(), actual.getExpirationTime());

        assertEquals(claims.hasClaim(Claims.ACCOUNT_TYPE) ? claims.getStringClaimValue(Claims.ACCOUNT_TYPE) : null,
                actual.accountType());
        assertEquals(uuidOrNull(claims.getSubject()), actual.accountId());
        assertEquals(claims.hasClaim(Claims.FAMILY) ? uuidOrNull(claims.getStringClaimValue(Claims.FAMILY)) : null,
                actual.family());
        if (!claims.hasClaim(Claims.FAMILY)) {
            assertNull(actual.family());
        }
    }

    /** Collections compare as sets (the groups are a set, in no particular order), everything else as text. */
    private static Object comparable(Object claim) {
        return claim instanceof Collection<?> values ? Set.copyOf(values.stream().map(String::valueOf).toList())
                : String.valueOf(claim);
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
