package org.errandless.applications;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.catalog.LocalisedText;
import org.errandless.catalog.MaterialSource;
import org.errandless.catalog.SourceDepartment;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An application as its applicant or an officer of its handling station sees it. The citizen's timeline holds only
 * PUBLIC events; staff see all. Deadlines are business dates (Asia/Shanghai), see {@link Deadlines}.
 */
@Schema(name = "Application", description = "An application (办件): status, form, materials checklist, deadlines, "
        + "timeline")
public record ApplicationView(
        @Schema(example = "0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11", required = true) UUID id,
        @Schema(example = "BIRTH_REGISTRATION", required = true) String serviceCode,
        @Schema(required = true) LocalisedText serviceName,
        @Schema(example = "SUBMITTED", required = true) ApplicationStatus status,
        @Schema(type = SchemaType.OBJECT, required = true, description = "The form, fields per service (see "
                + "`formSchema` of the service)", example = "{\"childName\": \"张小满\", \"childSex\": \"F\", "
                + "\"childBirthDate\": \"2026-09-20\", \"childEthnicity\": \"汉族\"}") JsonNode form,
        @Schema(example = "50010301", nullable = true, description = "The station that decides; null while DRAFT")
        String handlingStation,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true) Instant updatedAt,
        @Schema(nullable = true) Instant submittedAt,
        @Schema(nullable = true) Instant acceptedAt,
        @Schema(nullable = true) Instant decidedAt,
        @Schema(example = "2026-10-13", nullable = true, description = "While SUBMITTED (and after, for the record): "
                + "the date by which the station must accept, refuse or ask for supplements (5 working days)")
        LocalDate acceptanceDueDate,
        @Schema(example = "2026-10-14", nullable = true, description = "From acceptance: the service's due date, "
                + "moved by suspensions. While SUSPENDED the date as it stood when the clock stopped")
        LocalDate dueDate,
        @Schema(example = "false", required = true, description = "true: a year the deadline touches has no known "
                + "holiday arrangement, weekdays were assumed") boolean dueDateProvisional,
        @Schema(example = "3", nullable = true, description = "Working days left until the running deadline (negative "
                + "once overdue); frozen at the suspension date while SUSPENDED; null where no clock runs")
        Integer remainingWorkingDays,
        @Schema(example = "false", required = true, description = "From the day after the running deadline; never "
                + "while SUSPENDED (clock stopped), SUPPLEMENT_REQUIRED (clock with the citizen) or decided")
        boolean overdue,
        @Schema(example = "NONE", required = true, description = "The running deadline's warning (电子监察): RED "
                + "overdue, YELLOW at most one working day left (the due date is today or the next working day), NONE "
                + "otherwise; always NONE while SUSPENDED, SUPPLEMENT_REQUIRED or decided") WarningLevel warningLevel,
        @Schema(example = "2026-10-09", nullable = true) LocalDate suspendedOn,
        @Schema(nullable = true) SupplementRequest supplementRequest,
        @Schema(example = "true", required = true) boolean consentToDataSharing,
        @Schema(nullable = true) Instant consentAt,
        @Schema(nullable = true) Decision decision,
        @Schema(required = true, description = "One entry per required material (alternatives of a oneOf group "
                + "together): satisfied when any of its materials is") List<MaterialGroup> materials,
        @Schema(required = true, description = "Materials the service lists as optional") List<MaterialState> optionalMaterials,
        @Schema(required = true, description = "The latest 20 events of the timeline the caller may see (PUBLIC ones "
                + "for the citizen, all for officers), oldest first; `fullTimeline` has the rest")
        List<TimelineEvent> timeline,
        @Schema(nullable = true, example = "/api/v1/applications/0b5e2d1c-6f0a-4c3e-9a57-3c1f6e0d2b11/timeline?after=0",
                description = "Where the whole timeline is (`GET /applications/{id}/timeline?after=0`, then "
                        + "`after=lastSeq`), when `timeline` shows only the latest 20 of more events; null when it "
                        + "shows them all") String fullTimeline,
        @Schema(nullable = true, description = "For a service with a hand-over step: the appointment booked for the "
                + "one visit to the handling station (the latest that was not cancelled), with its outcome once the "
                + "officer recorded it; null when none") Appointment appointment,
        @Schema(nullable = true, description = "Who made the application: the signed-in citizen, who may act for "
                + "the subject (a parent for a child under 16, an agent with a 代办 authorisation); null for "
                + "applications made before this was kept") Party applicant,
        @Schema(nullable = true, description = "Whom the application is about (whose hukou it concerns, for whom "
                + "the service's rules are checked): the applicant themself unless `actingBasis` says otherwise")
        Party subject,
        @Schema(nullable = true, example = "GUARDIAN", description = "On what ground the applicant acts for the "
                + "subject: GUARDIAN (parent of a minor of the same household, per the register), AUTHORISATION "
                + "(the subject's 代办 authorisation for this service); null when applying for oneself")
        ActingBasis actingBasis,
        @Schema(nullable = true, description = "For a MOVE_IN into a household someone else heads: the consent of "
                + "that head (投靠), asked when the application is submitted; the station approves only once it is "
                + "GRANTED. Null when none was asked") MoveInConsent moveInConsent) {

    /** The same application with the whole timeline embedded ({@code all}, oldest first) and no link to it. */
    ApplicationView withWholeTimeline(List<TimelineEvent> all) {
        return new ApplicationView(id, serviceCode, serviceName, status, form, handlingStation, createdAt, updatedAt,
                submittedAt, acceptedAt, decidedAt, acceptanceDueDate, dueDate, dueDateProvisional,
                remainingWorkingDays, overdue, warningLevel, suspendedOn, supplementRequest, consentToDataSharing,
                consentAt, decision, materials, optionalMaterials, all, null, appointment, applicant, subject,
                actingBasis, moveInConsent);
    }

    /** The appointment of the one visit (最多跑一次): the hand-over at the handling station. */
    @Schema(name = "ApplicationAppointment")
    public record Appointment(
            @Schema(example = "5c0b7e3a-8d21-4f6e-a9c4-2e1d0f3b4a59", required = true) UUID id,
            @Schema(example = "50010801", required = true) String stationCode,
            @Schema(example = "2026-10-08", required = true) LocalDate date,
            @Schema(example = "MORNING", enumeration = { "MORNING", "AFTERNOON" }, required = true) String period,
            @Schema(example = "2026-10-08T01:00:00Z", required = true) Instant startsAt,
            @Schema(example = "2026-10-08T04:00:00Z", required = true) Instant endsAt,
            @Schema(example = "BOOKED", enumeration = { "BOOKED", "ATTENDED", "NO_SHOW" }, required = true)
            String status,
            @Schema(required = true) Instant bookedAt,
            @Schema(nullable = true, description = "When the officer recorded ATTENDED or NO_SHOW") Instant outcomeAt) {
    }

    /** A person of the register as an application shows them: ID number masked. */
    @Schema(name = "ApplicationParty")
    public record Party(
            @Schema(example = "5b1c7e2a-0d4f-4a8e-b3c6-9f2e1d0a7b45", nullable = true) UUID personId,
            @Schema(example = "张子轩", nullable = true) String name,
            @Schema(example = "500103********0330", nullable = true, description = "Masked") String idNumber,
            @Schema(example = "SON", nullable = true, description = "Relationship to the head of their household, "
                    + "as the register said when the application was made") String relationship) {
    }

    /** The receiving head's consent to a MOVE_IN, as the applicant and the station see it. */
    @Schema(name = "MoveInConsent")
    public record MoveInConsent(
            @Schema(required = true, description = "PENDING: asked, not answered; GRANTED; REFUSED; CLOSED: the "
                    + "application was withdrawn or rejected before an answer", enumeration = { "PENDING", "GRANTED",
                            "REFUSED", "CLOSED" }, example = "GRANTED") String state,
            @Schema(required = true, example = "2026-09-30T02:00:00Z") Instant askedAt,
            @Schema(nullable = true, description = "When the head answered; null while PENDING or CLOSED",
                    example = "2026-09-30T03:15:00Z") Instant answeredAt) {
    }

    /** The officer's single, complete list of what is missing (一次性告知). */
    @Schema(name = "SupplementRequest")
    public record SupplementRequest(
            @Schema(example = "[\"ID_PHOTO\"]", required = true) List<String> missingMaterials,
            @Schema(example = "请补充近期免冠证件照", nullable = true) String comment) {
    }

    /** Why the application was rejected. */
    @Schema(name = "Decision")
    public record Decision(
            @Schema(example = "申请人与新生儿无亲子关系", nullable = true) String reason,
            @Schema(example = "《重庆市户口迁移登记规定》第五条", nullable = true) String legalBasis) {
    }

    /** A required material, or a group of alternatives. */
    @Schema(name = "MaterialGroup")
    public record MaterialGroup(
            @Schema(example = "satisfied", enumeration = { "satisfied", "missing", "unavailable" }, required = true)
            String state,
            @Schema(example = "SETTLEMENT_BASIS", nullable = true,
                    description = "The oneOf group; null for a material that stands alone") String oneOfGroup,
            @Schema(required = true) List<MaterialState> materials) {
    }

    /** One material and where its evidence came from. */
    @Schema(name = "MaterialState")
    public record MaterialState(
            @Schema(example = "BIRTH_MEDICAL_CERTIFICATE", required = true) String code,
            @Schema(required = true) LocalisedText name,
            @Schema(example = "SHARED", required = true) MaterialSource source,
            @Schema(example = "HEALTH", nullable = true) SourceDepartment sourceDepartment,
            @Schema(example = "satisfied", enumeration = { "satisfied", "missing", "unavailable" }, required = true)
            String state,
            @Schema(nullable = true) Evidence evidence,
            @Schema(nullable = true) Unavailable unavailable) {
    }

    /** Evidence attached for a material. */
    @Schema(name = "Evidence", description = "UPLOAD: a document the citizen uploaded (documentId; null with "
            + "documentDeletedAt once the citizen deleted it, possible only after withdrawing, or once its retention "
            + "ran out long after the application closed); SHARED: fetched from the partner department (reference, "
            + "retrievedAt, digest, facts); REGISTRY: held in our register")
    public record Evidence(
            @Schema(example = "SHARED", required = true) MaterialSource source,
            @Schema(nullable = true, example = "7d3f4c2a-1b5e-4e8f-9c6d-2a1b3c4d5e6f") UUID documentId,
            @Schema(nullable = true, example = "HEALTH") SourceDepartment sourceDepartment,
            @Schema(nullable = true, example = "O500103202609200001") String reference,
            @Schema(nullable = true) Instant retrievedAt,
            @Schema(nullable = true, example = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
            String digest,
            @Schema(nullable = true, type = SchemaType.OBJECT, example = "{\"childName\": \"张小满\"}",
                    description = "SHARED: the facts the source confirmed") JsonNode facts,
            @Schema(nullable = true, description = "UPLOAD: when the document was deleted, by the citizen after "
                    + "withdrawing or by the retention purge long after closing (the evidence stays on record without "
                    + "it)") Instant documentDeletedAt) {
    }

    /** The last fetch found nothing: the citizen may upload the material instead. */
    @Schema(name = "MaterialUnavailable")
    public record Unavailable(
            @Schema(example = "source-unavailable", required = true) String reason,
            @Schema(example = "卫健委出生医学证明查询暂不可用", nullable = true) String detail,
            @Schema(required = true) Instant at) {
    }

    /** One event of the timeline. */
    @Schema(name = "TimelineEvent")
    public record TimelineEvent(
            @Schema(example = "2", required = true) int seq,
            @Schema(required = true) Instant at,
            @Schema(example = "CITIZEN", required = true) ActorRole actorRole,
            @Schema(example = "submit", required = true) String action,
            @Schema(example = "DRAFT", nullable = true) ApplicationStatus fromStatus,
            @Schema(example = "SUBMITTED", required = true) ApplicationStatus toStatus,
            @Schema(nullable = true) String comment,
            @Schema(example = "PUBLIC", required = true) EventVisibility visibility) {
    }
}
