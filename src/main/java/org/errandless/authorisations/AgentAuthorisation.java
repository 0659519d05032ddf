package org.errandless.authorisations;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.errandless.common.problem.ProblemException;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A 代办 authorisation: a principal lets an agent act for them in one service for a bounded time. It changes state
 * only through its named methods: PENDING until the agent enters the code the principal received (ACTIVE), or the
 * code was tried too often (LOCKED); either party may revoke it (REVOKED). Expiry is computed, never stored.
 */
@Entity
@Table(name = "agent_authorisation")
public class AgentAuthorisation extends PanacheEntityBase {

    /** The stored states; {@link AuthorisationState} adds EXPIRED, computed. */
    public enum Status {
        PENDING, ACTIVE, REVOKED, LOCKED
    }

    @Id
    public UUID id;
    @Column(name = "principal_person_id")
    public UUID principalPersonId;
    @Column(name = "agent_person_id")
    public UUID agentPersonId;
    @Column(name = "agent_account_id")
    public UUID agentAccountId;
    @Column(name = "service_code")
    public String serviceCode;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "valid_days")
    public int validDays;
    @Column(name = "code_hash")
    public String codeHash;
    @Column(name = "code_expires_at")
    public Instant codeExpiresAt;
    public int attempts;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "confirmed_at")
    public Instant confirmedAt;
    @Column(name = "valid_until")
    public Instant validUntil;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "revoked_by")
    public String revokedBy;
    @Version
    public long version;

    /** The state as it stands at {@code now}: the stored status, or EXPIRED once its time is up. */
    public AuthorisationState state(Instant now) {
        return switch (status) {
            case PENDING -> now.isBefore(codeExpiresAt) ? AuthorisationState.PENDING : AuthorisationState.EXPIRED;
            case ACTIVE -> now.isBefore(validUntil) ? AuthorisationState.ACTIVE : AuthorisationState.EXPIRED;
            case REVOKED -> AuthorisationState.REVOKED;
            case LOCKED -> AuthorisationState.LOCKED;
        };
    }

    /** Whether the agent may act under it now. */
    public boolean usable(Instant now) {
        return state(now) == AuthorisationState.ACTIVE;
    }

    /** A wrong code: counted; the last allowed one locks it. Answers the tries left. */
    int wrongCode(int maxAttempts) {
        attempts++;
        if (attempts >= maxAttempts) {
            status = Status.LOCKED;
            codeHash = null;
        }
        return Math.max(0, maxAttempts - attempts);
    }

    /** PENDING → ACTIVE with the right code in time: valid for its days from now; the code is spent. */
    void confirm(Instant now) {
        requirePending(now);
        status = Status.ACTIVE;
        confirmedAt = now;
        validUntil = now.plus(validDays, ChronoUnit.DAYS);
        codeHash = null;
    }

    /** Checks that a code may still be entered. */
    void requirePending(Instant now) {
        switch (state(now)) {
            case PENDING -> {
            }
            case EXPIRED -> {
                if (status == Status.PENDING) {
                    throw new ProblemException(410, "authorisation-code-expired",
                            "The code has expired: ask for a new authorisation");
                }
                throw ProblemException.conflict("authorisation-not-pending", "This authorisation is already "
                        + "confirmed");
            }
            case LOCKED -> throw new ProblemException(423, "authorisation-code-locked",
                    "Too many wrong codes: ask for a new authorisation");
            default -> throw ProblemException.conflict("authorisation-not-pending", "This authorisation is "
                    + state(now) + ", not waiting for a code");
        }
    }

    /** Any state → REVOKED (a revoked one stays as it was); answers whether this call revoked it. */
    boolean revoke(String by, Instant now) {
        if (status == Status.REVOKED) {
            return false;
        }
        status = Status.REVOKED;
        revokedAt = now;
        revokedBy = by;
        codeHash = null;
        return true;
    }
}
