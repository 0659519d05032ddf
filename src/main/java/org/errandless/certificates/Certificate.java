package org.errandless.certificates;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.errandless.common.problem.ProblemException;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An issued e-certificate: its claims, the JWS over them and the key that signed it. Only revocation changes it.
 */
@Entity
@Table(name = "certificate")
class Certificate {

    /** Problem code of a second revocation. */
    static final String ALREADY_REVOKED = "certificate-already-revoked";

    @Id
    private UUID id;
    @Column(name = "application_id", nullable = false, updatable = false)
    private UUID applicationId;
    @Column(name = "holder_account_id", nullable = false, updatable = false)
    private UUID holderAccountId;
    @Column(name = "holder_person_id", nullable = false, updatable = false)
    private UUID holderPersonId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private CertificateType type;
    @Column(name = "verification_code", nullable = false, updatable = false)
    private String verificationCode;
    @Column(name = "issued_at", nullable = false, updatable = false)
    private Instant issuedAt;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    private String claims;
    @Column(nullable = false, updatable = false)
    private String jws;
    @Column(nullable = false, updatable = false)
    private String kid;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "revocation_reason")
    private String revocationReason;

    protected Certificate() {
        // JPA
    }

    Certificate(UUID id, UUID applicationId, UUID holderAccountId, UUID holderPersonId, CertificateType type,
            String verificationCode, Instant issuedAt, String claims, String jws, String kid) {
        this.id = Objects.requireNonNull(id);
        this.applicationId = Objects.requireNonNull(applicationId);
        this.holderAccountId = Objects.requireNonNull(holderAccountId);
        this.holderPersonId = Objects.requireNonNull(holderPersonId);
        this.type = Objects.requireNonNull(type);
        this.verificationCode = Objects.requireNonNull(verificationCode);
        this.issuedAt = Objects.requireNonNull(issuedAt);
        this.claims = Objects.requireNonNull(claims);
        this.jws = Objects.requireNonNull(jws);
        this.kid = Objects.requireNonNull(kid);
    }

    /** Withdraws the certificate; from now on every verification answers {@code valid: false}. */
    void revoke(Instant at, String reason) {
        if (revokedAt != null) {
            throw ProblemException.conflict(ALREADY_REVOKED, "The certificate was already revoked");
        }
        this.revokedAt = Objects.requireNonNull(at);
        this.revocationReason = Objects.requireNonNull(reason);
    }

    boolean revoked() {
        return revokedAt != null;
    }

    UUID id() {
        return id;
    }

    UUID applicationId() {
        return applicationId;
    }

    UUID holderAccountId() {
        return holderAccountId;
    }

    UUID holderPersonId() {
        return holderPersonId;
    }

    CertificateType type() {
        return type;
    }

    String verificationCode() {
        return verificationCode;
    }

    Instant issuedAt() {
        return issuedAt;
    }

    String claims() {
        return claims;
    }

    String jws() {
        return jws;
    }

    String kid() {
        return kid;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    String revocationReason() {
        return revocationReason;
    }
}
