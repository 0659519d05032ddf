package org.errandless.identity.otp;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One code sent to one phone. It is good until it expires, is used, is locked by too many wrong codes, or a newer code
 * to the same phone supersedes it. The code itself is not stored, only its keyed hash.
 */
@Entity
@Table(name = "otp_challenge")
public class OtpChallenge extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "phone_cipher")
    public String phoneCipher;
    @Column(name = "phone_hash")
    public String phoneHash;
    @Column(name = "code_hash")
    public String codeHash;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    public int attempts;
    @Column(name = "locked_at")
    public Instant lockedAt;
    @Column(name = "consumed_at")
    public Instant consumedAt;
    @Column(name = "superseded_at")
    public Instant supersededAt;
    @Column(name = "account_id")
    public UUID accountId;

    /** Counts a wrong code; returns true when that was the last one allowed and the challenge is now locked. */
    boolean wrongCode(int maxAttempts, Instant at) {
        attempts++;
        if (attempts >= maxAttempts) {
            lockedAt = at;
            return true;
        }
        return false;
    }

    /** Spends the challenge on a sign-in. */
    void consume(UUID account, Instant at) {
        consumedAt = at;
        accountId = account;
    }

    boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "OtpChallenge[" + id + "]";
    }
}
