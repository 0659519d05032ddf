package org.errandless.identity.staff;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Failed sign-ins of one normalised username, whether or not an account has it. */
@Entity
@Table(name = "staff_login_throttle")
public class LoginThrottle extends PanacheEntityBase {

    @Id
    public String username;
    @Column(name = "failed_count")
    public int failedCount;
    @Column(name = "last_failed_at")
    public Instant lastFailedAt;
    @Column(name = "locked_until")
    public Instant lockedUntil;

    LockoutPolicy.State state() {
        return new LockoutPolicy.State(failedCount, lastFailedAt, lockedUntil);
    }

    void apply(LockoutPolicy.State state) {
        failedCount = state.failedCount();
        lastFailedAt = state.lastFailedAt();
        lockedUntil = state.lockedUntil();
    }
}
