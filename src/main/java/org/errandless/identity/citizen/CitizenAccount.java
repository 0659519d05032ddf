package org.errandless.identity.citizen;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.AssuranceLevel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A citizen's account: one per mobile number, created at the first sign-in (L1), raised to L2 when bound to a person
 * of the register, to L3 after a face check. The phone is stored encrypted with a blind index for lookup.
 */
@Entity
@Table(name = "citizen_account")
public class CitizenAccount extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "phone_cipher")
    public String phoneCipher;
    @Column(name = "phone_hash")
    public String phoneHash;
    @Enumerated(EnumType.STRING)
    @Column(name = "assurance_level")
    public AssuranceLevel assuranceLevel;
    @Column(name = "person_id")
    public UUID personId;
    public boolean disabled;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    /** Binds the account to a person of the register at L2 (real-name verified). */
    public void bindTo(UUID person, Instant at) {
        if (personId != null && !personId.equals(person)) {
            throw ProblemException.conflict("identity-already-bound", "This account is bound to another person");
        }
        personId = person;
        if (!assuranceLevel.isAtLeast(AssuranceLevel.L2)) {
            assuranceLevel = AssuranceLevel.L2;
        }
        updatedAt = at;
    }

    /** Raises a bound account to L3 after a passed face check. */
    public void faceVerified(Instant at) {
        if (personId == null) {
            throw ProblemException.forbidden("Real-name verification comes before the face check");
        }
        assuranceLevel = AssuranceLevel.L3;
        updatedAt = at;
    }

    /** Drops the binding: the person moved to another account that proved it is theirs. */
    public void unbind(Instant at) {
        personId = null;
        assuranceLevel = AssuranceLevel.L1;
        updatedAt = at;
    }

    /** Stops the account signing in (an administrator's decision); whether that changed anything. */
    public boolean disable(Instant at) {
        if (disabled) {
            return false;
        }
        disabled = true;
        updatedAt = at;
        return true;
    }

    /** Lets a disabled account sign in again; whether that changed anything. */
    public boolean enable(Instant at) {
        if (!disabled) {
            return false;
        }
        disabled = false;
        updatedAt = at;
        return true;
    }

    @Override
    public String toString() {
        return "CitizenAccount[" + id + "]";
    }
}
