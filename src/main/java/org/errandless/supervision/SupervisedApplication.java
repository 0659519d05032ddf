package org.errandless.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.errandless.applications.ApplicationStatus;
import org.hibernate.annotations.DynamicUpdate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * Supervision's record of a submitted application: the facts its statistics count, kept by {@link SupervisionRecorder}
 * in the transaction of each change. Updates write only the columns they change, so a transition and an evaluation
 * committing at the same time each keep their own columns.
 */
@Entity
@Table(name = "supervised_application")
@DynamicUpdate
public class SupervisedApplication extends PanacheEntityBase {

    /** How a decided application was decided. */
    public enum Outcome {
        /** Approved (APPROVED until hand-over, or COMPLETED). */
        APPROVED,
        /** 不予受理: rejected while SUBMITTED. */
        REFUSED,
        /** Rejected on the merits after acceptance. */
        REJECTED
    }

    @Id
    @Column(name = "application_id")
    public UUID applicationId;
    @Column(name = "station_code")
    public String stationCode;
    @Column(name = "division_code")
    public String divisionCode;
    @Column(name = "service_code")
    public String serviceCode;
    @Enumerated(EnumType.STRING)
    public ApplicationStatus status;
    @Column(name = "received_on")
    public LocalDate receivedOn;
    @Column(name = "accepted_on")
    public LocalDate acceptedOn;
    @Column(name = "decided_on")
    public LocalDate decidedOn;
    @Enumerated(EnumType.STRING)
    public Outcome outcome;
    @Column(name = "decided_late")
    public Boolean decidedLate;
    @Column(name = "completed_on")
    public LocalDate completedOn;
    @Column(name = "withdrawn_on")
    public LocalDate withdrawnOn;
    @Column(name = "supplement_requested")
    public boolean supplementRequested;
    public boolean uploaded;
    @Column(name = "evaluated_on")
    public LocalDate evaluatedOn;
    public Integer score;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
