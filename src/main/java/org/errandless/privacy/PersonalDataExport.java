package org.errandless.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.applications.ApplicationView;
import org.errandless.applications.ConsentRequestItem;
import org.errandless.applications.DataSharingConsents.DataSharingConsent;
import org.errandless.audit.AuditOutcome;
import org.errandless.authorisations.AuthorisationViews;
import org.errandless.certificates.CertificateView;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.documents.DocumentView;
import org.errandless.evaluation.EvaluationView;
import org.errandless.identity.citizen.MyHouseholdView;
import org.errandless.notifications.NotificationItem;
import org.errandless.sharing.DataAccessItem;

/**
 * The shape of {@code GET /api/v1/me/export}, for the published spec. The document itself is never built in one
 * piece: {@link PersonalDataExportService} streams it section by section in exactly this order, with these names.
 */
@Schema(name = "PersonalDataExport", description = "Everything held about the signed-in citizen (PIPL art. 45), "
        + "in this order; `complete` comes last, so a download cut short is recognisable by its absence")
public record PersonalDataExport(
        @Schema(required = true, example = "errandless-personal-data-export") String format,
        @Schema(required = true, example = "1") int version,
        @Schema(required = true) Instant exportedAt,
        @Schema(required = true, example = "《中华人民共和国个人信息保护法》第四十五条") String legalBasis,
        @Schema(required = true, description = "What is left out, and why") List<String> notes,
        @Schema(required = true) Account account,
        @Schema(nullable = true, description = "The person of the register the account is bound to (from L2), as "
                + "`GET /me` and `GET /me/household` show them; null at L1") Person person,
        @Schema(nullable = true, description = "As `GET /me/household` shows it (other members' ID numbers masked); "
                + "null below L2") MyHouseholdView household,
        @Schema(required = true, description = "Every application of the account, newest first, as its applicant "
                + "sees it (PUBLIC timeline events), with the evaluation given") List<ExportedApplication> applications,
        @Schema(required = true, description = "E-certificates issued to the account, revoked ones included")
        List<CertificateView> certificates,
        @Schema(required = true, description = "Uploaded documents: metadata, and where the bytes are")
        List<ExportedDocument> documents,
        @Schema(required = true, description = "Messages to the account, newest first") List<NotificationItem> notifications,
        @Schema(required = true, description = "Every recorded read of the person's data by someone else, newest "
                + "first (`GET /me/data-access`)") List<DataAccessItem> dataAccess,
        @Schema(required = true, description = "Real-name and face verification attempts, newest first")
        List<IdentityVerificationAttempt> identityVerifications,
        @Schema(required = true, description = "Consents to fetch evidence from other departments, oldest first")
        List<DataSharingConsent> dataSharingConsents,
        @Schema(required = true, description = "代办 authorisations the person gave (`role` PRINCIPAL) or holds (`role` "
                + "AGENT), newest first, as `GET /me/authorisations` shows them; empty below L2")
        List<AuthorisationViews.View> authorisations,
        @Schema(required = true, description = "Consent requests that asked the person as head of a household "
                + "(MOVE_IN, 投靠), newest first, as `GET /me/consent-requests` shows them; empty below L2")
        List<ConsentRequestItem> consentRequestsAskedOfMe,
        @Schema(required = true, description = "Consent requests made about the account's own MOVE_IN applications, "
                + "newest first (the head asked is not named)")
        List<ConsentRequestItem> consentRequestsOnMyApplications,
        @Schema(required = true, example = "true", description = "Always true, and written last") boolean complete) {

    /** The account. */
    @Schema(name = "ExportedAccount")
    public record Account(
            @Schema(required = true, example = "0b6f2c1e-8f7a-4d1b-9a55-3f1f0c2d7e91") UUID id,
            @Schema(required = true, description = "The account's own phone number, in full", example = "+8613800000001")
            String phone,
            @Schema(required = true) AssuranceLevel assuranceLevel,
            @Schema(required = true) Instant createdAt,
            @Schema(nullable = true, description = "The last successful sign-in, as the audit trail records it")
            Instant lastSignInAt) {
    }

    /** The register's person, as shown to them. */
    @Schema(name = "ExportedPerson")
    public record Person(
            @Schema(required = true) UUID id,
            @Schema(required = true, example = "张伟") String name,
            @Schema(required = true, description = "Masked, as everywhere in the API", example = "500103********0516")
            String idNumber,
            @Schema(nullable = true, example = "M") String sex,
            @Schema(nullable = true, example = "1988-03-12") LocalDate birthDate,
            @Schema(nullable = true, example = "汉族") String ethnicity,
            @Schema(nullable = true, example = "HEAD") String relationship,
            @Schema(nullable = true, example = "ACTIVE") String status) {
    }

    /** An application and the evaluation its applicant gave. */
    @Schema(name = "ExportedApplication")
    public record ExportedApplication(
            @Schema(required = true) ApplicationView application,
            @Schema(nullable = true) EvaluationView evaluation) {
    }

    /** A document's metadata and the address of its bytes. */
    @Schema(name = "ExportedDocument")
    public record ExportedDocument(
            @Schema(required = true) DocumentView document,
            @Schema(required = true, example = "/api/v1/documents/7d3f4c2a-1b5e-4e8f-9c6d-2a1b3c4d5e6f/content")
            String contentUrl) {
    }

    /** One attempt to verify the account's identity: when, which check, how it ended; never a provider's answer. */
    @Schema(name = "IdentityVerificationAttempt")
    public record IdentityVerificationAttempt(
            @Schema(required = true) Instant at,
            @Schema(required = true, enumeration = { "REAL_NAME", "FACE", "REBIND" }, example = "REAL_NAME")
            String check,
            @Schema(required = true, example = "SUCCESS") AuditOutcome outcome,
            @Schema(nullable = true, description = "The problem code of a failure or refusal",
                    example = "identity-mismatch") String reason) {
    }
}
