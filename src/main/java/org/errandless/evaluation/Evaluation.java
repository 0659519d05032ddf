package org.errandless.evaluation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The applicant's rating of a decided application (好差评); written once, never changed. */
@Entity
@Table(name = "evaluation")
public class Evaluation extends PanacheEntityBase {

    /** Scores at or below this are flagged and open a rectification task. */
    static final int FLAG_AT_OR_BELOW = 2;

    @Id
    public UUID id;
    @Column(name = "application_id")
    public UUID applicationId;
    @Column(name = "applicant_account_id")
    public UUID applicantAccountId;
    @Column(name = "applicant_person_id")
    public UUID applicantPersonId;
    @Column(name = "service_code")
    public String serviceCode;
    @Column(name = "station_code")
    public String stationCode;
    public int score;
    public String comment;
    public boolean flagged;
    @Column(name = "created_at")
    public Instant createdAt;

    static boolean flags(int score) {
        return score <= FLAG_AT_OR_BELOW;
    }
}
