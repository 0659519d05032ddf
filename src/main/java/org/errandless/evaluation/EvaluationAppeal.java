package org.errandless.evaluation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An officer's appeal against a bad review as abusive (恶意差评申诉), once per evaluation; a supervisor in scope upholds
 * it (the review stays visible but leaves the statistics) or rejects it, once.
 */
@Entity
@Table(name = "evaluation_appeal")
public class EvaluationAppeal extends PanacheEntityBase {

    /** PENDING until a supervisor decides. */
    public enum Status {
        PENDING, UPHELD, REJECTED
    }

    @Id
    @Column(name = "evaluation_id")
    public UUID evaluationId;
    @Enumerated(EnumType.STRING)
    public Status status;
    public String reason;
    @Column(name = "filed_by")
    public String filedBy;
    @Column(name = "filed_at")
    public Instant filedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "decision_note")
    public String decisionNote;
}
