package org.errandless.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The canonical form and the hash: deterministic, sensitive to every field, unambiguous. */
class HashChainTest {

    private static final UUID ID = UUID.fromString("0b6f3c1e-8a4d-4a5e-9d1c-2f7b8e9a0c11");
    private static final Instant AT = Instant.parse("2026-09-30T02:00:00.123456Z");

    @Test
    void canonicalFormIsFixed() {
        AuditEvent event = event("auth.otp.verify", "acct-1", null, Map.of("reason", "wrong-code", "attempt", "3"));
        assertEquals("errandless-audit-v1|36:" + ID + "|27:2026-09-30T02:00:00.123456Z|7:CITIZEN|6:acct-1|~"
                + "|15:auth.otp.verify|7:account|6:acct-1|7:FAILURE|5:req-1|1:2|7:attempt|1:3|6:reason|10:wrong-code",
                HashChain.canonical(event));
        // a known vector, so a change of the format cannot go unnoticed (stored chains would stop verifying)
        assertEquals("b5720a37a945d5b4fc0ce27f2cbb329a948d209e47ca6762608a87214260481f",
                HashChain.hash(HashChain.GENESIS, event));
    }

    @Test
    void timeIsCutToMicrosecondsAndAlwaysHasSixDigits() {
        Instant withNanos = Instant.parse("2026-09-30T02:00:00.123456789Z");
        assertEquals(Instant.parse("2026-09-30T02:00:00.123456Z"), HashChain.storable(withNanos));
        assertEquals(HashChain.canonical(eventAt(HashChain.storable(withNanos))), HashChain.canonical(eventAt(withNanos)));
        String whole = HashChain.canonical(eventAt(Instant.parse("2026-09-30T02:00:00Z")));
        assertTrue(whole.contains("|27:2026-09-30T02:00:00.000000Z|"));
    }

    @Test
    void detailOrderDoesNotMatterButEveryValueDoes() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("a", "1");
        forward.put("b", "2");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("b", "2");
        backward.put("a", "1");
        assertEquals(HashChain.canonical(event("x.y", "id", null, forward)),
                HashChain.canonical(event("x.y", "id", null, backward)));
        assertNotEquals(HashChain.canonical(event("x.y", "id", null, Map.of("a", "1"))),
                HashChain.canonical(event("x.y", "id", null, Map.of("a", "2"))));
    }

    @Test
    void absentAndEmptyAndShiftedValuesAllDiffer() {
        Set<String> canonical = new HashSet<>();
        List<AuditEvent> events = List.of(
                event("x.y", null, null, Map.of()),
                event("x.y", "", null, Map.of()),
                event("x.y", null, "", Map.of()),
                event("x.y", "a|b", null, Map.of()),
                event("x.y", "a", "b", Map.of()),
                event("x.y", "a|1:b", null, Map.of()),
                event("x.y", "~", null, Map.of()),
                event("x.y", null, "~", Map.of()),
                event("x.y", null, null, Map.of("k", "v")),
                event("x.y", null, null, Map.of("k|1:v", "")));
        events.forEach(event -> canonical.add(HashChain.canonical(event)));
        assertEquals(events.size(), canonical.size());
    }

    @Test
    void theHashDependsOnThePreviousHashAndOnEveryField() {
        Random random = new Random(20261128L);
        AuditEvent base = event("auth.otp.verify", "acct-1", "label", Map.of("k", "v"));
        String baseHash = HashChain.hash(HashChain.GENESIS, base);
        assertNotEquals(baseHash, HashChain.hash("f".repeat(64), base));
        for (int i = 0; i < 2000; i++) {
            String noise = "n" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            Map<String, String> details = new TreeMap<>(base.details());
            AuditEvent changed = switch (i % 8) {
                case 0 -> event("auth." + noise, "acct-1", "label", details);
                case 1 -> event("auth.otp.verify", noise, "label", details);
                case 2 -> event("auth.otp.verify", "acct-1", noise, details);
                case 3 -> {
                    details.put("k", noise);
                    yield event("auth.otp.verify", "acct-1", "label", details);
                }
                case 4 -> new AuditEvent(0, new UUID(random.nextLong(), random.nextLong()), AT, ActorType.CITIZEN,
                        "acct-1", "label", "auth.otp.verify", "account", "acct-1", AuditOutcome.FAILURE, "req-1",
                        base.details());
                case 5 -> new AuditEvent(0, ID, AT.plusNanos(1000L * (1 + random.nextInt(1_000_000))),
                        ActorType.CITIZEN, "acct-1", "label", "auth.otp.verify", "account", "acct-1",
                        AuditOutcome.FAILURE, "req-1", base.details());
                case 6 -> new AuditEvent(0, ID, AT, ActorType.CITIZEN, "acct-1", "label", "auth.otp.verify",
                        "account", "acct-1", AuditOutcome.FAILURE, noise, base.details());
                default -> new AuditEvent(0, ID, AT, ActorType.CITIZEN, "acct-1", "label", "auth.otp.verify",
                        "account", noise, AuditOutcome.FAILURE, "req-1", base.details());
            };
            assertNotEquals(baseHash, HashChain.hash(HashChain.GENESIS, changed), changed::toString);
        }
    }

    private static AuditEvent event(String action, String actorId, String label, Map<String, String> details) {
        return new AuditEvent(0, ID, AT, ActorType.CITIZEN, actorId, label, action, "account", "acct-1",
                AuditOutcome.FAILURE, "req-1", details);
    }

    private static AuditEvent eventAt(Instant at) {
        return new AuditEvent(0, ID, at, ActorType.CITIZEN, "acct-1", null, "auth.otp.verify", "account", "acct-1",
                AuditOutcome.FAILURE, "req-1", Map.of());
    }
}
