package org.errandless.privacy;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Who runs the retention purge: the instance that claims its row in {@code retention_job}. A claim is a lease on the
 * database's clock (so instances' clocks do not matter), renewed after every batch; it is granted only while no
 * other run holds a live lease and no run started within the last lease period, so every instance firing at the same
 * scheduled time leads to one run. A run that stops renewing (its instance died) frees the job when its lease ends.
 */
@ApplicationScoped
public class RetentionJobs {

    static final String PURGE = "retention-purge";

    @Inject
    EntityManager entityManager;

    /**
     * Claims the job for a new run.
     *
     * @return the claim's token, or null when another run holds the job or one started less than a lease ago
     */
    @Transactional
    public UUID claim(String job, Duration lease) {
        UUID holder = UUID.randomUUID();
        int claimed = entityManager.createNativeQuery("update retention_job set holder = :holder, "
                + "leased_until = clock_timestamp() + make_interval(secs => :lease), started_at = clock_timestamp(), "
                + "finished_at = null where name = :job and (leased_until is null or leased_until < clock_timestamp()) "
                + "and (started_at is null or started_at < clock_timestamp() - make_interval(secs => :lease))")
                .setParameter("holder", holder).setParameter("lease", (double) lease.toMillis() / 1000)
                .setParameter("job", job).executeUpdate();
        return claimed == 1 ? holder : null;
    }

    /** Extends the claim's lease; false when the claim was lost (its lease ran out and another run took the job). */
    @Transactional
    public boolean renew(String job, UUID holder, Duration lease) {
        return entityManager.createNativeQuery("update retention_job set leased_until = clock_timestamp() + "
                + "make_interval(secs => :lease) where name = :job and holder = :holder")
                .setParameter("lease", (double) lease.toMillis() / 1000).setParameter("job", job)
                .setParameter("holder", holder).executeUpdate() == 1;
    }

    /** Ends a run: the job is free, and the time it finished is kept for operators. */
    @Transactional
    public void finish(String job, UUID holder) {
        entityManager.createNativeQuery("update retention_job set holder = null, leased_until = null, "
                + "finished_at = clock_timestamp() where name = :job and holder = :holder")
                .setParameter("job", job).setParameter("holder", holder).executeUpdate();
    }
}
