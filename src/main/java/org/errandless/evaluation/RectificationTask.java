package org.errandless.evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The rectification (整改) a flagged evaluation opens, due a number of working days later (15 by default); a supervisor
 * in scope closes it once, saying what was done (or it closes when an appeal against the evaluation is upheld).
 */
@Entity
@Table(name = "rectification_task")
public class RectificationTask extends PanacheEntityBase {

    /** Open until a supervisor closes it. */
    public enum Status {
        OPEN, CLOSED
    }

    @Id
    @Column(name = "evaluation_id")
    public UUID evaluationId;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "due_date")
    public LocalDate dueDate;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "closed_by")
    public String closedBy;
    public String note;
}
