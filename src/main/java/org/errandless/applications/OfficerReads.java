package org.errandless.applications;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.audit.AccessEntry;
import org.errandless.audit.AccessLog;
import org.errandless.catalog.MaterialSource;
import org.errandless.catalog.ServiceItemView;
import org.errandless.registry.RegistryService;
import org.errandless.registry.StationView;

/**
 * The access records of officers' reads of applications, in one place (the read path will be rebuilt; this moves
 * with it): a read that serves an application is recorded for every person of the register whose data it shows, as
 * one statement in the read's transaction, folded with the same officer's reads of the same application in the last
 * ten minutes ({@link AccessLog#recordRead}).
 *
 * <p>Who an application shows: the applicant; the people its form names ({@link Application#subjectPersonIds}: the
 * deceased, any ID number of the register, and the newborn its approval registered); and the people the evidence
 * fetched from departments names ({@link ApplicationMaterial#subjectPersonIds}: the other parent, the spouse, the
 * owners), which it shows masked. All of them are kept on the rows when they become known, so a read costs no lookup.
 * A timeline shows the progress of the applicant's matter only, so a read of it is recorded for the applicant.
 */
@ApplicationScoped
public class OfficerReads {

    /** The kind of data read, as the citizen's list names it. */
    static final String WHAT = "application";

    @Inject
    AccessLog accessLog;
    @Inject
    RegistryService registry;

    /** An officer read the whole application (form, materials and evidence, timeline). */
    void application(Caller caller, Application application, ServiceItemView service,
            Collection<ApplicationMaterial> materials) {
        Set<UUID> people = new LinkedHashSet<>();
        people.add(application.applicantPersonId);
        people.addAll(List.of(application.subjectPersonIds));
        for (ApplicationMaterial material : materials) {
            if (material.source == MaterialSource.SHARED) {
                people.addAll(List.of(material.subjectPersonIds));
            }
        }
        record(caller, application, service, people);
    }

    /** An officer read events of the application's timeline (a long-poll or an event stream that served some). */
    void timeline(Caller caller, Application application, ServiceItemView service) {
        record(caller, application, service, Set.of(application.applicantPersonId));
    }

    private void record(Caller caller, Application application, ServiceItemView service, Set<UUID> people) {
        AccessEntry read = AccessEntry.byStaff(application.applicantPersonId, caller.staffId(),
                staffLabel(caller.station()), WHAT, ApplicationService.purpose(service));
        List<AccessEntry> entries = new ArrayList<>();
        for (UUID person : people) {
            if (person != null) {
                entries.add(read.about(person));
            }
        }
        accessLog.recordRead(entries, "application:" + application.id);
    }

    private String staffLabel(String station) {
        String name = registry.station(station).map(StationView::name).orElse(station);
        return name + " 户籍民警";
    }
}
