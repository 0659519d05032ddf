package org.errandless.applications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.errandless.catalog.CatalogService;
import org.errandless.catalog.MaterialSource;
import org.errandless.catalog.ServiceItemView;
import org.errandless.catalog.ServiceItemView.MaterialView;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.common.web.PreparedBody;
import org.errandless.documents.DocumentService;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The applicant's own changes short of submitting ({@link Submission}): starting a DRAFT, changing its form,
 * attaching materials, withdrawing. Each runs as {@link ApplicationChanges} says and answers the applicant's new
 * representation.
 */
@ApplicationScoped
public class ApplicantActions {

    @Inject
    ApplicationChanges changes;
    @Inject
    CatalogService catalog;
    @Inject
    CitizenAccounts accounts;
    @Inject
    DocumentService documents;
    @Inject
    EntityManager entityManager;
    @Inject
    ActingFor actingFor;

    /** A new DRAFT: its id and the applicant's representation of it. */
    public record Created(UUID id, PreparedBody body) {
    }

    /**
     * Starts a DRAFT.
     *
     * @throws ProblemException 404 {@code service-not-found}; 403 {@code assurance-too-low} when the token's level or
     *         the account's level as stored now is below the service's minimum, or the account is not bound to a
     *         person of the register; for {@code onBehalfOf} see {@link ActingFor}: 404 {@code not-found}, 403
     *         {@code not-entitled-to-act}
     */
    public Created create(Caller caller, String serviceCode, JsonNode form, UUID onBehalfOf) {
        ServiceItemView service = catalog.service(serviceCode);
        return changes.inTransaction(() -> {
            UUID person = assuredPerson(caller, service);
            ActingFor.Acting acting = actingFor.resolve(person, onBehalfOf, service);
            String formJson = changes.formText(form);
            Instant now = changes.now();
            Application application = Application.draft(UUID.randomUUID(), service.code(), caller.accountId(),
                    acting.subjectPersonId(), formJson, now);
            application.actingPersonId = acting.actingPersonId();
            application.actingBasis = acting.basis();
            application.authorisationId = acting.authorisationId();
            application.parties = acting.parties();
            application.persist();
            changes.record(application, List.of(application.created(now)));
            return new Created(application.id, changes.current(caller, application.id));
        });
    }

    /**
     * The register's person of a citizen who may apply for the service: the token's level ({@code acr}) and the
     * account's level as stored now both reach the service's minimum, and the account is bound to a person. The token
     * alone is not enough: one minted before a downgrade or an unbinding still carries the old level until it expires.
     */
    UUID assuredPerson(Caller caller, ServiceItemView service) {
        AssuranceLevel needed = service.minimumAssuranceLevel();
        CitizenAccount account = accounts.byId(caller.accountId()).orElse(null);
        if (caller.level() == null || !caller.level().isAtLeast(needed) || account == null
                || account.assuranceLevel == null || !account.assuranceLevel.isAtLeast(needed)) {
            throw new ProblemException(403, "assurance-too-low", service.code() + " needs assurance level " + needed
                    + " (real-name verification" + (needed.ordinal() > 1 ? " and a face check)" : ")"));
        }
        if (account.personId == null) {
            throw new ProblemException(403, "assurance-too-low",
                    "Verify your identity first: applications need an account bound to a person of the register");
        }
        return account.personId;
    }

    /**
     * Applies a JSON merge patch (RFC 7396) to the form of a DRAFT or SUPPLEMENT_REQUIRED application.
     *
     * @throws ProblemException 400 when the patch is not an object; 409 {@code invalid-transition} in another status
     */
    public PreparedBody patchForm(Caller caller, UUID id, String ifMatch, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("body",
                    "must be a JSON object (a merge patch of the form)", "wrong-type")));
        }
        return changes.change(caller, id, ifMatch, (application, service) -> {
            ApplicationChanges.requireEditable(application);
            JsonNode merged = MergePatch.apply(changes.formOf(application), patch);
            application.form = changes.formText(merged);
            application.updatedAt = changes.now();
            return List.of();
        });
    }

    /**
     * Attaches a document the caller owns as a material of the service (replacing an earlier one for that
     * material); allowed for UPLOAD materials and for SHARED ones (the citizen may always upload instead).
     *
     * @throws ProblemException 400 for a material the service does not list (or one the register holds); 404 for a
     *         document that is not the caller's; 409 {@code invalid-transition} unless DRAFT or SUPPLEMENT_REQUIRED
     */
    public PreparedBody attach(Caller caller, UUID id, String ifMatch, String materialCode, UUID documentId) {
        return changes.change(caller, id, ifMatch, (application, service) -> {
            ApplicationChanges.requireEditable(application);
            MaterialView material = service.material(materialCode).filter(m -> m.source() != MaterialSource.REGISTRY)
                    .orElseThrow(() -> ProblemException.validation(List.of(new Problem.InvalidParam("materialCode",
                            "is not a material " + service.code() + " takes as an upload", "invalid"))));
            documents.get(new DocumentService.Owner(caller.accountId()), documentId);
            Instant now = changes.now();
            // the checklist is part of the application's representation: its version moves with it, and moves first
            // (an update now, with the row lock), so that of two concurrent attaches the second fails on the version
            // (412) before its material row could clash with the first one's (a unique-constraint error)
            entityManager.lock(application, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
            application.updatedAt = now;
            ApplicationMaterial row = materialRow(application.id, material.code());
            row.source = MaterialSource.UPLOAD;
            row.documentId = documentId;
            row.sourceDepartment = null;
            row.reference = null;
            row.retrievedAt = null;
            row.digest = null;
            row.evidence = null;
            row.subjectPersonIds = new UUID[0];
            row.documentDeletedAt = null;
            row.updatedAt = now;
            row.persist();
            return List.of();
        });
    }

    /** Withdraws an application that is not yet decided. */
    public PreparedBody withdraw(Caller caller, UUID id, String ifMatch, String comment) {
        return changes.change(caller, id, ifMatch,
                (application, service) -> List.of(application.withdraw(comment, changes.now())));
    }

    /** The material row of an application, or a new one (not yet persisted). */
    static ApplicationMaterial materialRow(UUID applicationId, String materialCode) {
        return ApplicationMaterial.<ApplicationMaterial>find("applicationId = ?1 and materialCode = ?2",
                applicationId, materialCode).firstResultOptional().orElseGet(() -> {
                    ApplicationMaterial created = new ApplicationMaterial();
                    created.id = UUID.randomUUID();
                    created.applicationId = applicationId;
                    created.materialCode = materialCode;
                    return created;
                });
    }
}
