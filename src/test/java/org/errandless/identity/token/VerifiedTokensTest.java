package org.errandless.identity.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import jakarta.inject.Inject;

import org.errandless.common.security.Roles;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verified access tokens are remembered ({@link VerifyingPrincipalFactory}): the same text is not verified again,
 * any other text is, and a remembered token is refused once it expired (plus the leeway), as a fresh one would be.
 * Only a remembered, unexpired token gets its identity at once ({@link RememberedTokenIdentityProvider}).
 */
@QuarkusTest
class VerifiedTokensTest {

    @Inject
    VerifyingPrincipalFactory factory;
    @Inject
    TokenConfig config;
    @Inject
    RememberedTokenIdentityProvider remembered;

    @Test
    void theSameTokenIsVerifiedOnceAndAnAlteredOneIsStillRefused() throws Exception {
        String token = TestCitizens.signIn().accessToken();
        JWTCallerPrincipal first = factory.parse(token, null);
        assertSame(first, factory.parse(token, null), "remembered");

        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("CITIZEN", "ADMIN");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThrows(ParseException.class, () -> factory.parse(forged, null));
        assertThrows(ParseException.class, () -> factory.parse(token + "x", null));
    }

    @Test
    void aTokenUnderACopiedSignatureNeverSharesTheRememberedOnesEntry() throws Exception {
        String token = TestCitizens.signIn().accessToken();
        JWTCallerPrincipal principal = factory.parse(token, null);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        for (String forgedPayload : new String[] { payload.replace("CITIZEN", "ADMIN"), payload + " ",
                payload.substring(0, payload.length() - 1) + ",\"x\":1}" }) {
            String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(forgedPayload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
            // the same signature, so the same hash in the cache of verified tokens: still another entry
            assertEquals(new VerifiedTokenKey(token).hashCode(), new VerifiedTokenKey(forged).hashCode());
            assertNull(factory.remembered(forged), "never answered from the genuine token's entry");
            assertNull(identity(new TokenAuthenticationRequest(new JsonWebTokenCredential(forged))));
            assertThrows(ParseException.class, () -> factory.parse(forged, null));
            assertThrows(ParseException.class, () -> factory.parse(forged, null), "refused again, never remembered");
        }
        assertSame(principal, factory.remembered(token), "the genuine entry is untouched");
        assertSame(principal, factory.parse(token, null));
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpired() throws Exception {
        String token = TestCitizens.signIn().accessToken();
        JWTCallerPrincipal principal = factory.parse(token, null);
        long expiresAt = principal.getExpirationTime() * 1000 + config.leeway().toMillis();
        try {
            factory.clock(() -> expiresAt - 1);
            assertSame(principal, factory.parse(token, null), "still valid within the leeway");
            factory.clock(() -> expiresAt);
            ParseException refused = assertThrows(ParseException.class, () -> factory.parse(token, null));
            assertEquals("token rejected", refused.getMessage());
        } finally {
            factory.clock(System::currentTimeMillis);
        }
        // verified afresh (jose4j's own clock), not the remembered one
        assertNotSame(principal, factory.parse(token, null));
    }

    @Test
    void onlyARememberedUnexpiredTokenIsAnsweredWithoutVerification() throws Exception {
        String token = TestCitizens.signIn().accessToken();
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new JsonWebTokenCredential(token));
        assertNull(identity(request), "never verified here: left to smallrye-jwt, which verifies it");

        JWTCallerPrincipal principal = factory.parse(token, null);
        SecurityIdentity identity = identity(request);
        assertSame(principal, identity.getPrincipal());
        assertEquals(Set.of(Roles.CITIZEN), identity.getRoles());
        assertSame(principal, identity.getAttribute(SecurityIdentity.USER_ATTRIBUTE));
        assertNull(identity(new TokenAuthenticationRequest(new JsonWebTokenCredential(token + "x"))));

        long expiresAt = principal.getExpirationTime() * 1000 + config.leeway().toMillis();
        try {
            factory.clock(() -> expiresAt);
            assertNull(identity(request), "expired: left to smallrye-jwt, which refuses it");
        } finally {
            factory.clock(System::currentTimeMillis);
        }
    }

    private SecurityIdentity identity(TokenAuthenticationRequest request) {
        return remembered.authenticate(request, null).await().indefinitely();
    }
}
