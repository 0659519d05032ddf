package org.errandless.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;

import org.errandless.common.problem.ProblemException;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.Test;

/** A lost race is 412 stale however deep the transaction manager wraps it, at flush or at commit. */
class LostRaceTest {

    @Test
    void optimisticLockAtFlushIsStale() {
        ProblemException problem = (ProblemException) ApplicationChanges
                .translate(new OptimisticLockException("row was updated by another transaction"));
        assertEquals(412, problem.status());
        assertEquals("stale", problem.code());
    }

    @Test
    void staleStateSurfacedAtCommitIsStale() {
        RollbackException atCommit = new RollbackException("commit failed");
        atCommit.initCause(new StaleObjectStateException("Application", "id"));
        ProblemException problem = (ProblemException) ApplicationChanges
                .translate(new TransactionalException("commit failed", atCommit));
        assertEquals("stale", problem.code());
    }

    @Test
    void refusalsPassThroughAndOthersStayUnexpected() {
        ProblemException refusal = ProblemException.conflict("invalid-transition", "no");
        assertSame(refusal, ApplicationChanges.translate(refusal));
        IllegalStateException other = new IllegalStateException("boom");
        assertSame(other, ApplicationChanges.translate(other));
    }
}
