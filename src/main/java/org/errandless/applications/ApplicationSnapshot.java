package org.errandless.applications;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.errandless.catalog.MaterialSource;
import org.errandless.catalog.SourceDepartment;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything an application's representation is made of, as one statement read it ({@link ApplicationReadModel}):
 * the row, its materials and the latest events of its timeline. The catalogue and the calendar are not part of it;
 * {@link ApplicationViews} joins them in memory.
 *
 * @param form the form, members in name order
 * @param supplementMaterials the codes of the supplement request, empty when none
 * @param materials the material rows by material code
 * @param latestEvents the latest {@link ApplicationViews#EMBEDDED_EVENTS} events of the timeline, oldest first
 * @param latestPublicEvents the latest {@link ApplicationViews#EMBEDDED_EVENTS} PUBLIC ones, oldest first
 * @param publicEventCount how many PUBLIC events the timeline has
 * @param parties who applied and whom it is about ({@link Application#parties}); null for applications made before
 *        it was kept
 * @param moveInConsent the receiving head's consent to a MOVE_IN (the latest asked), null when none was asked
 * @param appointment the hand-over appointment ({@link HandOverAppointments}); null when none
 */
record ApplicationSnapshot(UUID id, String serviceCode, UUID applicantAccountId, UUID applicantPersonId,
        ApplicationStatus status, JsonNode form, String handlingStation, long version, Instant createdAt,
        Instant updatedAt, Instant submittedAt, Instant acceptedAt, Instant decidedAt, LocalDate acceptanceDueDate,
        LocalDate dueDate, boolean dueDateProvisional, LocalDate suspendedOn, boolean supplementRequested,
        List<String> supplementMaterials, String supplementComment, boolean consentToDataSharing, Instant consentAt,
        String decisionReason, String decisionLegalBasis, int eventCount, Map<String, MaterialRow> materials,
        List<ApplicationView.TimelineEvent> latestEvents, List<ApplicationView.TimelineEvent> latestPublicEvents,
        int publicEventCount, JsonNode parties, ApplicationView.MoveInConsent moveInConsent,
        ApplicationView.Appointment appointment) {

    /** Whether the caller may see it: the applicant's own; for an officer, one of their station that is no DRAFT. */
    boolean visibleTo(Caller caller) {
        return ApplicationSnapshot.visible(caller, applicantAccountId, status, handlingStation);
    }

    /** The one rule of who sees an application, for every read and change. */
    static boolean visible(Caller caller, UUID applicantAccountId, ApplicationStatus status, String handlingStation) {
        return caller.isCitizen() ? applicantAccountId.equals(caller.accountId())
                : status != ApplicationStatus.DRAFT && caller.station() != null
                        && caller.station().equals(handlingStation);
    }

    /**
     * The other rule, for reads only: the person an application is about (its subject) sees it when someone else
     * made it for them (a parent, an agent: {@code acting}), from its first submission on ({@code submitted}: a draft
     * withdrawn before it was ever submitted stays the applicant's), read-only; {@code callerPerson} is the person the
     * citizen's account is verified as (L2 or above), null when none.
     */
    static boolean visibleToSubject(Caller caller, UUID callerPerson, UUID applicantPersonId, boolean acting,
            boolean submitted) {
        return caller.isCitizen() && acting && submitted && callerPerson != null
                && callerPerson.equals(applicantPersonId);
    }

    /** Whether someone else made it for its subject (a parent, an agent), as its parties say. */
    boolean actedFor() {
        return parties != null && parties.hasNonNull("actingBasis");
    }

    /**
     * One material of an application as its representation and the checklist see it (the stored
     * {@link ApplicationMaterial} without its bookkeeping).
     *
     * @param evidence the facts a department confirmed, members in name order; null when none
     */
    record MaterialRow(String code, MaterialSource source, UUID documentId, SourceDepartment sourceDepartment,
            String reference, Instant retrievedAt, String digest, JsonNode evidence, String unavailableReason,
            String unavailableDetail, Instant unavailableAt, Instant documentDeletedAt) {

        /** Whether evidence is attached. */
        boolean attached() {
            return source != null;
        }

        /** Whether the last fetch found nothing and no evidence is attached. */
        boolean unavailable() {
            return source == null && unavailableReason != null;
        }
    }
}
