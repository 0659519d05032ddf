package org.errandless.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of the register's change history: appended, never updated. Summaries describe the state before and after
 * in words and masked values, never a raw ID number.
 */
@Entity
@Table(name = "register_change")
class RegisterChange {

    @Id
    @Column(name = "id")
    private UUID id;

    /** Database-assigned insertion order: several changes in one transaction share {@code occurredAt}. */
    @Column(name = "seq", insertable = false, updatable = false)
    private Long seq;

    @Column(name = "person_id")
    private UUID personId;

    @Column(name = "household_id")
    private UUID householdId;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false)
    private RegisterChangeKind kind;

    @Column(name = "before_summary")
    private String beforeSummary;

    @Column(name = "after_summary")
    private String afterSummary;

    @Column(name = "application_id")
    private UUID applicationId;

    /** The register import that made the change, if any (those rows are written by SQL, see registry/imports). */
    @Column(name = "import_id", updatable = false)
    private UUID importId;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    protected RegisterChange() {
    }

    RegisterChange(UUID personId, UUID householdId, RegisterChangeKind kind, String beforeSummary, String afterSummary,
            UUID applicationId, Instant occurredAt) {
        if (personId == null && householdId == null) {
            throw new IllegalArgumentException("A register change concerns a person or a household");
        }
        this.id = UUID.randomUUID();
        this.personId = personId;
        this.householdId = householdId;
        this.kind = Objects.requireNonNull(kind);
        this.beforeSummary = beforeSummary;
        this.afterSummary = afterSummary;
        this.applicationId = applicationId;
        this.occurredAt = Objects.requireNonNull(occurredAt);
    }

    RegisterChangeView view() {
        return new RegisterChangeView(id, personId, householdId, kind, beforeSummary, afterSummary, applicationId,
                importId, occurredAt);
    }
}
