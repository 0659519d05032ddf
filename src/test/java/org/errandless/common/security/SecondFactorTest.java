package org.errandless.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

/** Reading the second-factor claims, in each JSON representation a token library may hand out. */
class SecondFactorTest {

    @Test
    void methodsFromStringsOrJsonStrings() {
        assertEquals(Set.of("pwd", "mfa"), SecondFactor.methods(List.of("pwd", "mfa")));
        assertEquals(Set.of("pwd", "otp"), SecondFactor.methods(Json.createArrayBuilder().add("pwd").add("otp")
                .build()));
        assertEquals(Set.of(), SecondFactor.methods("mfa"));
        assertEquals(Set.of(), SecondFactor.methods(null));
    }

    @Test
    void enrolmentDeadlinesAreExclusive() {
        Instant now = Instant.parse("2026-09-30T02:00:00Z");
        assertTrue(SecondFactor.satisfied(new Claims(null, null, now.getEpochSecond() + 1), now));
        assertFalse(SecondFactor.satisfied(new Claims(null, null, now.getEpochSecond()), now));
        assertTrue(SecondFactor.satisfied(new Claims(List.of("pwd", "otp", "mfa"), null, null), now));
        assertFalse(SecondFactor.satisfied(new Claims(List.of("pwd", "otp"), null, null), now));
        assertTrue(SecondFactor.satisfied(new Claims(List.of("pwd"), Boolean.TRUE, null), now));
        assertFalse(SecondFactor.satisfied(new Claims(List.of("pwd"), Boolean.FALSE, null), now));
    }

    /** A token with just the claims under test. */
    private record Claims(Object amr, Object exempt, Object enrolBy) implements org.eclipse.microprofile.jwt.JsonWebToken {

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return (T) switch (name) {
                case SecondFactor.METHODS_CLAIM -> amr;
                case SecondFactor.EXEMPT_CLAIM -> exempt;
                case SecondFactor.ENROL_BY_CLAIM -> enrolBy;
                default -> null;
            };
        }
    }
}
