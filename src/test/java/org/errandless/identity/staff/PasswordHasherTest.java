package org.errandless.identity.staff;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** bcrypt hashing and checking, at the lowest cost so the test stays fast. */
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(4);

    @Test
    void hashesVerifyAndAreSalted() {
        String first = hasher.hash("correct-horse-battery");
        String second = hasher.hash("correct-horse-battery");
        assertTrue(first.startsWith("$2a$04$"), first);
        assertNotEquals(first, second);
        assertTrue(hasher.matches("correct-horse-battery", first));
        assertTrue(hasher.matches("correct-horse-battery", second));
        assertFalse(hasher.matches("correct-horse-batterz", first));
        assertFalse(hasher.matches("", first));
    }

    @Test
    void nonAsciiPasswordsWork() {
        String hash = hasher.hash("重庆户籍-密码-2026");
        assertTrue(hasher.matches("重庆户籍-密码-2026", hash));
        assertFalse(hasher.matches("重庆户籍-密码-2027", hash));
    }

    @Test
    void unreadableHashesNeverMatch() {
        assertFalse(hasher.matches("anything", "not-a-hash"));
        assertFalse(hasher.matches("anything", ""));
        assertFalse(hasher.matchesNothing("anything"));
    }

    @Test
    void lowerCostsNeedARehash() {
        PasswordHasher stronger = new PasswordHasher(5);
        String weak = hasher.hash("correct-horse-battery");
        assertTrue(stronger.needsRehash(weak));
        assertFalse(hasher.needsRehash(weak));
        assertFalse(hasher.needsRehash(stronger.hash("correct-horse-battery")));
        assertTrue(hasher.needsRehash("not-a-hash"));
    }

    @Test
    void passwordsLongerThanBcryptReadsAreFlagged() {
        assertTrue(PasswordHasher.fitsBcrypt("a".repeat(72)));
        assertFalse(PasswordHasher.fitsBcrypt("a".repeat(73)));
        assertFalse(PasswordHasher.fitsBcrypt("密".repeat(25)));
    }

    @Test
    void refusesACostOutsideBcryptsRange() {
        assertThrows(IllegalStateException.class, () -> new PasswordHasher(3));
        assertThrows(IllegalStateException.class, () -> new PasswordHasher(32));
    }
}
