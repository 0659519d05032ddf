package org.errandless.applications.forms;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.errandless.common.problem.ProblemException;

/**
 * The card order of an approved ID card renewal (居民身份证换领): ORDERED on approval, HANDED_OVER when the citizen
 * collects the card, which completes the application. Never leaves this package: see {@link IdCardOrderView}.
 */
@Entity
@Table(name = "id_card_order")
class IdCardOrder {

    /** Where a card order stands. */
    enum Status {
        ORDERED,
        HANDED_OVER
    }

    @Id
    @Column(name = "application_id")
    private UUID applicationId;

    @Column(name = "person_id", nullable = false)
    private UUID personId;

    @Column(name = "reason", nullable = false)
    private String reason;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private Status status;

    @Column(name = "ordered_at", nullable = false)
    private Instant orderedAt;

    @Column(name = "handed_over_at")
    private Instant handedOverAt;

    protected IdCardOrder() {
    }

    IdCardOrder(UUID applicationId, UUID personId, String reason, Instant orderedAt) {
        this.applicationId = applicationId;
        this.personId = personId;
        this.reason = reason;
        this.status = Status.ORDERED;
        this.orderedAt = orderedAt;
    }

    /** The card reached the citizen; only once. */
    void handOver(Instant at) {
        if (status != Status.ORDERED) {
            throw ProblemException.conflict("invalid-transition",
                    "The ID card of this application was already handed over");
        }
        status = Status.HANDED_OVER;
        handedOverAt = at;
    }

    IdCardOrderView view() {
        return new IdCardOrderView(applicationId, personId, reason, status.name(), orderedAt, handedOverAt);
    }
}
