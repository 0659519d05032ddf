package org.errandless.identity.mfa;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The pending second step of a staff sign-in: the password was right, a code is due. Only its token's hash is kept. */
@Entity
@Table(name = "staff_mfa_challenge")
public class MfaChallenge extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "staff_account_id")
    public UUID accountId;
    public String username;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "used_at")
    public Instant usedAt;

    /** Whether a code may still complete it at {@code now}. */
    boolean open(Instant now) {
        return usedAt == null && now.isBefore(expiresAt);
    }
}
