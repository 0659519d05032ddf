package org.errandless.applications;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.applications.ApplicationSnapshot.MaterialRow;
import org.errandless.catalog.DueDates;
import org.errandless.catalog.MaterialSource;
import org.errandless.catalog.ServiceItemView;
import org.errandless.catalog.ServiceItemView.MaterialView;
import org.errandless.common.web.PreparedBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The representations of applications: an application as its applicant or an officer sees it, and an item of a list,
 * from what {@link ApplicationReadModel} read, the catalogue and the calendar. Reads and changes both answer through
 * here, so a change's answer and a later read of the same state are the same bytes with the same tag.
 */
@ApplicationScoped
class ApplicationViews {

    /** How many of the latest events the representation embeds; the rest is at {@code /timeline}. */
    static final int EMBEDDED_EVENTS = 20;

    @Inject
    ObjectMapper json;

    /** The application as the caller sees it (PUBLIC events only for the citizen), serialised and tagged. */
    PreparedBody prepared(ApplicationSnapshot application, boolean citizen, ServiceItemView service,
            DueDates dueDates, LocalDate today) {
        return PreparedBody.of(json, view(application, citizen, service, dueDates, today));
    }

    /** The strong tag of the representation the caller would be served (for {@code If-Match}). */
    String etag(ApplicationSnapshot application, boolean citizen, ServiceItemView service, DueDates dueDates,
            LocalDate today) {
        return prepared(application, citizen, service, dueDates, today).etag();
    }

    ApplicationView view(ApplicationSnapshot application, boolean citizen, ServiceItemView service,
            DueDates dueDates, LocalDate today) {
        Map<String, MaterialRow> rows = application.materials();
        List<ApplicationView.MaterialGroup> groups = new ArrayList<>();
        List<List<MaterialView>> required = service.requiredGroups();
        for (List<MaterialView> group : required) {
            groups.add(new ApplicationView.MaterialGroup(Checklist.state(group, rows), group.get(0).oneOfGroup(),
                    group.stream().map(material -> materialState(material, rows)).toList()));
        }
        List<ApplicationView.MaterialState> optional = service.materials().stream()
                .filter(material -> !material.required() && required.stream()
                        .noneMatch(group -> group.contains(material)))
                .map(material -> materialState(material, rows)).toList();
        List<ApplicationView.TimelineEvent> timeline = citizen ? application.latestPublicEvents()
                : application.latestEvents();
        int events = citizen ? application.publicEventCount() : application.eventCount();
        String fullTimeline = events > timeline.size()
                ? "/api/v1/applications/" + application.id() + "/timeline?after=0" : null;
        Deadlines deadlines = Deadlines.of(application, dueDates, today);
        ApplicationView.SupplementRequest supplement = application.supplementRequested()
                ? new ApplicationView.SupplementRequest(application.supplementMaterials(),
                        application.supplementComment())
                : null;
        ApplicationView.Decision decision = application.decisionReason() == null ? null
                : new ApplicationView.Decision(application.decisionReason(), application.decisionLegalBasis());
        return new ApplicationView(application.id(), application.serviceCode(), service.name(), application.status(),
                application.form(), application.handlingStation(), application.createdAt(), application.updatedAt(),
                application.submittedAt(), application.acceptedAt(), application.decidedAt(),
                deadlines.acceptanceDueDate(), deadlines.dueDate(), deadlines.provisional(),
                deadlines.remainingWorkingDays(), deadlines.overdue(), deadlines.warningLevel(), application.suspendedOn(),
                supplement,
                application.consentToDataSharing(), application.consentAt(), decision, groups, optional, timeline,
                fullTimeline, application.appointment(), party(application.parties(), "applicant"),
                party(application.parties(), "subject"), actingBasis(application.parties()),
                application.moveInConsent());
    }

    /**
     * An item of a list or of the queue: the acting basis for everyone; the parties only in a citizen's list (where
     * someone acts for someone else), as the application shows them, never in a list of staff (no personal data).
     */
    ApplicationSummary summary(ApplicationReadModel.SummaryRow row, boolean citizen, ServiceItemView service,
            DueDates dueDates, LocalDate today) {
        Deadlines deadlines = Deadlines.of(row.status(), row.acceptanceDueDate(), row.dueDate(),
                row.dueDateProvisional(), row.suspendedOn(), dueDates, today);
        ActingBasis basis = actingBasis(row.parties());
        boolean parties = citizen && basis != null;
        return new ApplicationSummary(row.id(), row.serviceCode(), service.name(), row.status(),
                row.handlingStation(), row.createdAt(), row.submittedAt(), deadlines.acceptanceDueDate(),
                deadlines.dueDate(), deadlines.provisional(), deadlines.remainingWorkingDays(), deadlines.overdue(),
                deadlines.warningLevel(), basis, parties ? party(row.parties(), "applicant") : null,
                parties ? party(row.parties(), "subject") : null);
    }

    private static ApplicationView.Party party(JsonNode parties, String which) {
        JsonNode party = parties == null ? null : parties.get(which);
        if (party == null || !party.isObject()) {
            return null;
        }
        return new ApplicationView.Party(party.hasNonNull("personId")
                ? java.util.UUID.fromString(party.get("personId").asText()) : null, text(party, "name"),
                text(party, "idNumber"), text(party, "relationship"));
    }

    private static ActingBasis actingBasis(JsonNode parties) {
        String basis = parties == null ? null : text(parties, "actingBasis");
        return basis == null ? null : ActingBasis.valueOf(basis);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static ApplicationView.MaterialState materialState(MaterialView material, Map<String, MaterialRow> rows) {
        MaterialRow row = rows.get(material.code());
        ApplicationView.Evidence evidence = null;
        ApplicationView.Unavailable unavailable = null;
        if (material.source() == MaterialSource.REGISTRY) {
            evidence = new ApplicationView.Evidence(MaterialSource.REGISTRY, null, null, null, null, null, null,
                    null);
        } else if (row != null && row.attached()) {
            evidence = new ApplicationView.Evidence(row.source(), row.documentId(), row.sourceDepartment(),
                    row.reference(), row.retrievedAt(), row.digest(), row.evidence(), row.documentDeletedAt());
        } else if (row != null && row.unavailable()) {
            unavailable = new ApplicationView.Unavailable(row.unavailableReason(), row.unavailableDetail(),
                    row.unavailableAt());
        }
        String state = evidence != null ? Checklist.SATISFIED
                : unavailable != null ? Checklist.UNAVAILABLE : Checklist.MISSING;
        return new ApplicationView.MaterialState(material.code(), material.name(), material.source(),
                material.sourceDepartment(), state, evidence, unavailable);
    }
}
