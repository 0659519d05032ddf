package org.errandless.identity.mfa;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A staff member's TOTP enrolment: pending until a first valid code confirms it, then active. */
@Entity
@Table(name = "staff_mfa")
public class MfaEnrolment extends PanacheEntityBase {

    /** Pending: the secret was handed out, no code has confirmed it yet. */
    static final String PENDING = "PENDING";
    /** Active: sign-ins of the account need a code. */
    static final String ACTIVE = "ACTIVE";

    @Id
    @Column(name = "staff_account_id")
    public UUID accountId;
    /** The base32 secret, encrypted ({@code PersonalDataKind.TOTP_SECRET}). */
    @Column(name = "secret_ciphertext")
    public String secretCiphertext;
    public String state;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "enrolled_at")
    public Instant enrolledAt;
    /** The latest time step whose code was accepted; -1 before the first. */
    @Column(name = "last_used_step")
    public long lastUsedStep;

    boolean active() {
        return ACTIVE.equals(state);
    }

    /** Confirmed by a first valid code of time step {@code step}. */
    void activate(long step, Instant at) {
        state = ACTIVE;
        enrolledAt = at;
        lastUsedStep = step;
    }
}
