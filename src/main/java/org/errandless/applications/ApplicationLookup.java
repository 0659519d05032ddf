package org.errandless.applications;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CatalogService;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.ETags;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Applications as features built on them (evaluation) need them: who may see one, and the {@code If-Match} guard
 * against the caller's current representation, with the same rules and answers as {@link ApplicationService}.
 * Joins the caller's transaction, so a feature's write and the guard it passed commit together.
 */
@ApplicationScoped
public class ApplicationLookup {

    @Inject
    ApplicationService applications;
    @Inject
    CatalogService catalog;
    @Inject
    CalendarService calendar;
    @Inject
    BusinessClock clock;
    @Inject
    ObjectMapper json;

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
        ApplicationService.requireMatch(ifMatch, () -> ETags.of(json, applications.view(application, caller,
                catalog.service(application.serviceCode), calendar.dueDates(), clock.today())));
        return facts(application);
    }

    private static Application find(Caller caller, UUID id) {
        Application application = id == null ? null : Application.findById(id);
        boolean mine = application != null && (caller.isCitizen()
                ? application.applicantAccountId.equals(caller.accountId())
                : application.status != ApplicationStatus.DRAFT && caller.station() != null
                        && caller.station().equals(application.handlingStation));
        if (!mine) {
            throw ProblemException.notFound("application");
        }
        return application;
    }

    private static ApplicationFacts facts(Application application) {
        return new ApplicationFacts(application.id, application.serviceCode, application.status,
                application.applicantAccountId, application.applicantPersonId, application.handlingStation,
                application.decidedAt);
    }
}
