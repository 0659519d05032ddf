package org.errandless.identity.token;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Every refresh token rotated from one sign-in; revoked as a whole on logout or on reuse of a spent token. */
@Entity
@Table(name = "token_family")
public class TokenFamily extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "account_type")
    public String accountType;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "revoked_reason")
    public String revokedReason;
    /** RFC 8176 amr values of the sign-in, space separated; null where none were recorded (citizens, older rows). */
    @Column(name = "auth_methods")
    public String authMethods;
    /** The sign-in, on the business clock (session limits count from it); null on older rows. */
    @Column(name = "authenticated_at")
    public Instant authenticatedAt;
    /** The latest sign-in or refresh, on the business clock (the idle limit counts from it); null on older rows. */
    @Column(name = "last_active_at")
    public Instant lastActiveAt;

    /** Revokes the family; the first reason is kept. */
    public void revoke(String reason, Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
            revokedReason = reason;
        }
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
