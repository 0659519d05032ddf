package org.errandless.evaluation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The applicant's rating of a decided application (好差评): the first score is written once and never changed; a
 * re-rating after the rectification is closed is kept beside it (once), and counts instead of it; an upheld appeal
 * takes the evaluation out of the statistics while it stays visible.
 */
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
    @Column(name = "rerating_score")
    public Integer reratingScore;
    @Column(name = "rerating_comment")
    public String reratingComment;
    @Column(name = "rerated_at")
    public Instant reratedAt;
    /** An appeal against it was upheld: visible, but not counted. */
    @Column(name = "excluded_from_statistics")
    public boolean excludedFromStatistics;

    /** The score the statistics count: the re-rating where there is one; null once an appeal was upheld. */
    Integer countedScore() {
        if (excludedFromStatistics) {
            return null;
        }
        return reratingScore != null ? reratingScore : score;
    }

    static boolean flags(int score) {
        return score <= FLAG_AT_OR_BELOW;
    }
}
