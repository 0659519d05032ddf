package org.errandless.applications;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;

/**
 * The consents a citizen gave to fetch evidence from other departments (the {@code consentToDataSharing} of a
 * submission), one per application that carries one, oldest first: for the citizen's export of their own data.
 */
@ApplicationScoped
public class DataSharingConsents {

    /** One consent: which application, for which service, when it was given, and where the application stands. */
    @Schema(name = "DataSharingConsent", description = "A consent, given on submitting an application, to fetch its "
            + "evidence from the departments that hold it")
    public record DataSharingConsent(
            @Schema(required = true, example = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11") UUID applicationId,
            @Schema(required = true, example = "BIRTH_REGISTRATION") String serviceCode,
            @Schema(required = true, example = "2026-09-30T02:00:00Z") Instant consentAt,
            @Schema(required = true, example = "SUBMITTED", description = "Where the application stands now")
            ApplicationStatus applicationStatus) {
    }

    @Inject
    EntityManager entityManager;

    /**
     * The account's consents as its applications record them, oldest first, in cursor pages.
     *
     * @throws ProblemException 400 {@code validation-failed} for a foreign cursor or a limit outside 1..100
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<DataSharingConsent> of(UUID accountId, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        Instant at = null;
        UUID after = null;
        if (cursor != null) {
            String[] keys = Cursors.decode(cursor, 2);
            try {
                at = Instant.EPOCH.plus(Long.parseLong(keys[0]), ChronoUnit.MICROS);
                after = UUID.fromString(keys[1]);
            } catch (RuntimeException e) {
                throw ProblemException.validation(
                        List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
            }
        }
        TypedQuery<Application> query = entityManager.createQuery("select a from Application a where "
                + "a.applicantAccountId = :owner and a.consentToDataSharing = true and a.consentAt is not null"
                + (at == null ? "" : " and (a.consentAt > :at or (a.consentAt = :at and a.id > :after))")
                + " order by a.consentAt, a.id", Application.class).setParameter("owner", accountId);
        if (at != null) {
            query.setParameter("at", at).setParameter("after", after);
        }
        List<Application> found = query.setMaxResults(size + 1).getResultList();
        List<DataSharingConsent> items = new ArrayList<>();
        for (int i = 0; i < Math.min(size, found.size()); i++) {
            Application application = found.get(i);
            items.add(new DataSharingConsent(application.id, application.serviceCode, application.consentAt,
                    application.status));
        }
        if (found.size() <= size) {
            return Page.last(items);
        }
        Application last = found.get(size - 1);
        return new Page<>(items, Cursors.encode(
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, last.consentAt)), last.id.toString()));
    }
}
