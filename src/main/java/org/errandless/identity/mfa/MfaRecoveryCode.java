package org.errandless.identity.mfa;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One recovery code of a staff member, as its keyed hash; used at most once. */
@Entity
@Table(name = "staff_mfa_recovery_code")
public class MfaRecoveryCode extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "staff_account_id")
    public UUID accountId;
    @Column(name = "code_hash")
    public String codeHash;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "used_at")
    public Instant usedAt;
}
