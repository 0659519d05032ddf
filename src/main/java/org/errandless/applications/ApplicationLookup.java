package org.errandless.applications;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.errandless.common.problem.ProblemException;


/**
 * Applications as features built on them (evaluation) need them: who may see one, and the {@code If-Match} guard
 * against the caller's current representation, with the same rules and answers as {@link ApplicationChanges}.
 * Joins the caller's transaction, so a feature's write and the guard it passed commit together.
 */
@ApplicationScoped
public class ApplicationLookup {

    @Inject
    ApplicationChanges changes;
    @Inject
    ApplicationReadModel readModel;

    /** Who is calling, read from the token as the application endpoints read it. */
    public static Caller callerOf(JsonWebToken jwt) {
        return ApplicationResource.callerOf(jwt);
    }

    /**
     * The application if the caller may see it: the applicant's own; for staff, one of their station that is not a
     * DRAFT.
     *
     * @throws ProblemException 404 {@code not-found} otherwise, whether it exists or not
     */
    @Transactional
    public ApplicationFacts visible(Caller caller, UUID id) {
        return facts(find(caller, id));
    }

    /**
     * The application, provided the caller may see it and {@code ifMatch} carries the {@code ETag} of the
     * representation that caller would be served now.
     *
     * @throws ProblemException 404 {@code not-found}; 428 {@code precondition-required} without {@code If-Match} or
     *         with {@code *}; 412 {@code stale} when it does not match
     */
    @Transactional
    public ApplicationFacts current(Caller caller, UUID id, String ifMatch) {
        Application application = find(caller, id);
        changes.requireMatch(ifMatch, caller, id);
        return facts(application);
    }

    /**
     * Whether the citizen is the person the application is about, where someone else made it for them (a parent, a
     * 代办 agent) and submitted it at least once: then they read what it yielded (its certificate), read-only, as they
     * read the application. False for the applicant themself (who sees it as {@link #visible} says) and for anyone
     * else.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean madeFor(UUID accountId, UUID id) {
        return id != null && accountId != null && readModel.seenBySubject(id, accountId);
    }

    /**
     * In a transaction that changed what the application's representation shows from a feature's own tables (its
     * appointment): tells every instance at commit (long-polls wake, kept answers are dropped, tags move).
     */
    public void changed(UUID applicationId) {
        changes.published(applicationId);
    }

    private static Application find(Caller caller, UUID id) {
        return ApplicationChanges.visible(caller, id);
    }

    private static ApplicationFacts facts(Application application) {
        return new ApplicationFacts(application.id, application.serviceCode, application.status,
                application.applicantAccountId, application.applicantPersonId, application.handlingStation,
                application.decidedAt);
    }
}
