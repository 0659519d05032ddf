package org.errandless.audit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What the entry records accept: opaque ids and dotted names; the personal-data tripwire. */
class EntriesTest {

    @ParameterizedTest
    @ValueSource(strings = { "500103199001011234", "50010319900101123X", "13812345678", "+8613812345678",
            "phone 13812345678", "id:500103199001011234" })
    void identifiersThatLookLikePersonalDataAreRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> AuditActor.citizen(value));
        assertThrows(IllegalArgumentException.class,
                () -> AuditEntry.success(AuditActor.system("job"), "x.y").target("person", value));
        assertThrows(IllegalArgumentException.class,
                () -> AuditEntry.success(AuditActor.system("job"), "x.y").detail("note", value));
        assertThrows(IllegalArgumentException.class,
                () -> AccessEntry.byStaff(UUID.randomUUID(), value, "label", "application", "purpose"));
    }

    @Test
    void opaqueIdsPass() {
        for (int i = 0; i < 2000; i++) {
            String id = UUID.randomUUID().toString();
            assertDoesNotThrow(() -> AuditActor.citizen(id));
        }
        assertDoesNotThrow(() -> AuditActor.staff("1381234567890", "OFFICER"));
        assertDoesNotThrow(() -> AuditEntry.success(AuditActor.system("job"), "x.y").detail("count", "12"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Auth.otp", "auth..otp", ".auth", "auth.", "auth otp", "认证.登录" })
    void actionsAreDottedLowerCaseNames(String action) {
        assertThrows(IllegalArgumentException.class, () -> AuditEntry.success(AuditActor.anonymous(), action));
    }

    @Test
    void actorsNeedIdsWhereTheyHaveThem() {
        assertThrows(IllegalArgumentException.class, () -> AuditActor.citizen(null));
        assertThrows(IllegalArgumentException.class, () -> AuditActor.staff(" ", "OFFICER"));
        assertThrows(IllegalArgumentException.class, () -> new AuditActor(ActorType.ANONYMOUS, "x", null));
        assertDoesNotThrow(() -> AuditActor.system("nightly-job"));
        assertThrows(IllegalArgumentException.class,
                () -> AccessEntry.byPartner(UUID.randomUUID(), null, "卫健委", "residency-check", "核实"));
        assertDoesNotThrow(() -> AccessEntry.bySystem(UUID.randomUUID(), "系统", "document", "获取材料"));
    }

    @Test
    void detailsAreSmallSortedAndComplete() {
        AuditEntry entry = AuditEntry.success(AuditActor.anonymous(), "x.y").detail("b", "2").detail("a", "1");
        assertEquals(List.of("a", "b"), List.copyOf(entry.details().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> entry.details().put("c", "3"));

        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= AuditEntry.MAX_DETAILS; i++) {
            many.put("k" + i, "v");
        }
        assertThrows(IllegalArgumentException.class,
                () -> new AuditEntry(AuditActor.anonymous(), "x.y", AuditOutcome.SUCCESS, null, null, many));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThrows(IllegalArgumentException.class,
                () -> new AuditEntry(AuditActor.anonymous(), "x.y", AuditOutcome.SUCCESS, null, null, nullValue));
        assertThrows(IllegalArgumentException.class,
                () -> AuditEntry.success(AuditActor.anonymous(), "x.y").detail("k", "a\u0000b"));
        assertThrows(IllegalArgumentException.class,
                () -> AuditEntry.success(AuditActor.anonymous(), "x.y").detail("k", "v".repeat(501)));
        assertThrows(IllegalArgumentException.class,
                () -> new AuditEntry(AuditActor.anonymous(), "x.y", AuditOutcome.SUCCESS, null, "id", Map.of()));
        assertEquals(Map.of(), AuditEntry.success(AuditActor.anonymous(), "x.y").details());
    }

    @Test
    void accessEntriesNeedPlainWordsForTheCitizen() {
        UUID person = UUID.randomUUID();
        assertThrows(IllegalArgumentException.class, () -> AccessEntry.byStaff(person, "s-1", "", "application", "p"));
        assertThrows(IllegalArgumentException.class, () -> AccessEntry.byStaff(person, "s-1", "l", "application", " "));
        assertThrows(IllegalArgumentException.class, () -> AccessEntry.byStaff(person, "s-1", "l", "Application", "p"));
        assertThrows(NullPointerException.class, () -> AccessEntry.byStaff(null, "s-1", "l", "application", "p"));
        assertEquals("法律依据", AccessEntry.byStaff(person, "s-1", "l", "application", "p").legalBasis("法律依据").legalBasis());
    }
}
