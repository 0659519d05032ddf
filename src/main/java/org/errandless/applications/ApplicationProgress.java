package org.errandless.applications;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.errandless.catalog.MaterialSource;

/**
 * Where an application stands, for features that follow applications from above (supervision) while observing
 * {@link ApplicationStatusChanged}: its running deadline, due dates and whether anything was uploaded. Joins the
 * caller's transaction and reads the application as that transaction sees it, so an observer of a transition sees the
 * state the transition left (the transition's update is flushed before its events fire).
 */
@ApplicationScoped
public class ApplicationProgress {

    /**
     * An application's progress.
     *
     * @param id the application
     * @param serviceCode its service
     * @param handlingStation the deciding station; null while DRAFT
     * @param status its status now
     * @param runningDeadline the deadline whose clock runs now ({@link DeadlineWarnings#runningDeadline}); null when
     *        none runs
     * @param acceptanceDueDate the last acceptance due date, kept after acceptance for the record
     * @param dueDate the service's due date from acceptance (moved by suspensions)
     * @param supplementRequested whether the officers asked for a supplement (once per application)
     */
    public record Progress(UUID id, String serviceCode, String handlingStation, ApplicationStatus status,
            LocalDate runningDeadline, LocalDate acceptanceDueDate, LocalDate dueDate, boolean supplementRequested) {
    }

    @Inject
    EntityManager entityManager;

    /** The application's progress, empty for an unknown id. */
    public Optional<Progress> of(UUID applicationId) {
        Application application = applicationId == null ? null : Application.findById(applicationId);
        if (application == null) {
            return Optional.empty();
        }
        return Optional.of(new Progress(application.id, application.serviceCode, application.handlingStation,
                application.status, DeadlineWarnings.runningDeadline(application.status,
                        application.acceptanceDueDate, application.dueDate),
                application.acceptanceDueDate, application.dueDate, application.supplementRequested));
    }

    /** Whether the applicant uploaded any material (as opposed to evidence shared by a department, or none needed). */
    public boolean anyUpload(UUID applicationId) {
        return entityManager.createQuery("select count(m) from ApplicationMaterial m where m.applicationId = :id "
                + "and m.source = :upload", Long.class).setParameter("id", applicationId)
                .setParameter("upload", MaterialSource.UPLOAD).getSingleResult() > 0;
    }
}
