package org.errandless.identity.staff;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * bcrypt password hashes in Modular Crypt Format ({@code $2a$12$…}).
 *
 * <p>bcrypt rather than Argon2id: Quarkus' own Elytron library hashes and verifies it with no further dependency,
 * it is what the OWASP guidance accepts where Argon2id is not at hand, and Java has no Argon2 in the JDK or the
 * Quarkus platform. bcrypt reads only the first 72 bytes of a password, so longer ones are refused when set
 * ({@link #MAX_PASSWORD_BYTES}). Checking a password against {@link #matchesNothing} costs what a real check costs,
 * so a sign-in with an unknown username takes as long as one with a wrong password.
 */
@ApplicationScoped
public class PasswordHasher {

    /** bcrypt ignores everything after this many bytes of a password. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int cost;
    private final String dummyHash;

    @Inject
    public PasswordHasher(StaffConfig config) {
        this(config.bcryptCost());
    }

    PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalStateException("errandless.staff.bcrypt-cost must be between 4 and 31, not " + cost);
        }
        this.cost = cost;
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        this.dummyHash = hash(Base64.getEncoder().encodeToString(random));
    }

    /** A new salted hash at the configured cost. */
    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    /** Whether the password matches the stored hash; false for a hash that is not bcrypt. */
    public boolean matches(String password, String storedHash) {
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT,
                    WildFlyElytronPasswordProvider.getInstance());
            Password stored = factory.translate(ModularCrypt.decode(storedHash));
            return factory.verify(stored, password.toCharArray());
        } catch (InvalidKeySpecException | InvalidKeyException | IllegalArgumentException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Elytron provides bcrypt", e);
        }
    }

    /** Does the work of a check for a username that has no account; always false. */
    public boolean matchesNothing(String password) {
        matches(password, dummyHash);
        return false;
    }

    /** Whether a stored hash was made at a lower cost than the configured one (or is unreadable). */
    public boolean needsRehash(String storedHash) {
        try {
            return !(ModularCrypt.decode(storedHash) instanceof BCryptPassword bcrypt)
                    || bcrypt.getIterationCount() < cost;
        } catch (InvalidKeySpecException | IllegalArgumentException e) {
            return true;
        }
    }

    /** Whether bcrypt would read all of the password. */
    public static boolean fitsBcrypt(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }
}
