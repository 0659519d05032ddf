package org.errandless.identity.staff;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A staff member's account: who they are, what they may do, where, and whether they may sign in at all. */
@Entity
@Table(name = "staff_account")
public class StaffAccount extends PanacheEntityBase {

    @Id
    public UUID id;
    /** Normalised: trimmed and lower case. */
    public String username;
    @Column(name = "password_hash")
    public String passwordHash;
    @Column(name = "display_name")
    public String displayName;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "staff_account_role", joinColumns = @JoinColumn(name = "staff_account_id"))
    @Column(name = "role")
    @Enumerated(EnumType.STRING)
    public Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
    @Column(name = "station_code")
    public String stationCode;
    @Column(name = "division_code")
    public String divisionCode;
    public boolean disabled;
    @Column(name = "password_changed_at")
    public Instant passwordChangedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Start of the grace period for enrolling a second factor: the creation, or the upgrade that introduced it. */
    @Column(name = "mfa_grace_from")
    public Instant mfaGraceFrom;
    @Version
    public long version;

    /** The account with this normalised username, if any. */
    public static Optional<StaffAccount> findByUsername(String normalisedUsername) {
        return find("username", normalisedUsername).firstResultOptional();
    }

    /** Stops every future sign-in; the caller revokes the current ones. */
    public void disable(Instant at) {
        if (!disabled) {
            disabled = true;
            updatedAt = at;
        }
    }

    /** Lets the account sign in again. */
    public void enable(Instant at) {
        if (disabled) {
            disabled = false;
            updatedAt = at;
        }
    }

    /** Replaces the password hash (a reset by an admin, or a re-hash at a higher cost). */
    public void changePassword(String newHash, Instant at) {
        passwordHash = newHash;
        passwordChangedAt = at;
        updatedAt = at;
    }

    /** Replaces the hash of the same password with one of a higher cost; not a password change. */
    public void rehash(String newHash, Instant at) {
        passwordHash = newHash;
        updatedAt = at;
    }

    /** How the trail labels this account as an actor, e.g. {@code OFFICER @ 50010301}. */
    public String auditLabel() {
        StringBuilder label = new StringBuilder();
        for (StaffRole role : StaffRole.values()) {
            if (roles.contains(role)) {
                label.append(label.length() == 0 ? "" : ",").append(role.name());
            }
        }
        if (stationCode != null) {
            label.append(" @ ").append(stationCode);
        } else if (divisionCode != null) {
            label.append(" @ ").append(divisionCode);
        }
        return label.toString();
    }
}
