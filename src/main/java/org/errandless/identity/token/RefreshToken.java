package org.errandless.identity.token;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One opaque refresh token, stored as its SHA-256 hash only. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "family_id")
    public UUID familyId;
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "spent_at")
    public Instant spentAt;
}
