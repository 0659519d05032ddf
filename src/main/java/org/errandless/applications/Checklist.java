package org.errandless.applications;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.errandless.applications.ApplicationSnapshot.MaterialRow;
import org.errandless.catalog.MaterialSource;
import org.errandless.catalog.ServiceItemView;
import org.errandless.catalog.ServiceItemView.MaterialView;
import org.errandless.common.problem.Problem;

/** The materials checklist: a required group is satisfied by any one of its materials (attached, or in the register). */
final class Checklist {

    static final String SATISFIED = "satisfied";
    static final String MISSING = "missing";
    static final String UNAVAILABLE = "unavailable";

    private Checklist() {
    }

    /** satisfied, unavailable (a fetch of one of its materials found nothing) or missing. */
    static String state(List<MaterialView> group, Map<String, MaterialRow> rows) {
        boolean unavailable = false;
        for (MaterialView material : group) {
            MaterialRow row = rows.get(material.code());
            if (material.source() == MaterialSource.REGISTRY || row != null && row.attached()) {
                return SATISFIED;
            }
            unavailable |= row != null && row.unavailable();
        }
        return unavailable ? UNAVAILABLE : MISSING;
    }

    /** Each material of each unsatisfied required group, named by its code, with {@code missing} or {@code unavailable}. */
    static List<Problem.InvalidParam> missing(ServiceItemView service, Map<String, MaterialRow> rows) {
        List<Problem.InvalidParam> missing = new ArrayList<>();
        for (List<MaterialView> group : service.requiredGroups()) {
            if (state(group, rows).equals(SATISFIED)) {
                continue;
            }
            String alternatives = group.size() == 1 ? ""
                    : " (any one of " + String.join(", ", group.stream().map(MaterialView::code).toList()) + ")";
            for (MaterialView material : group) {
                MaterialRow row = rows.get(material.code());
                if (row != null && row.unavailable()) {
                    missing.add(new Problem.InvalidParam(material.code(), material.name().zh() + " could not be "
                            + "fetched from " + material.sourceDepartment() + ": "
                            + (row.unavailableDetail() == null ? row.unavailableReason() : row.unavailableDetail())
                            + "; upload it instead" + alternatives, UNAVAILABLE));
                } else {
                    missing.add(new Problem.InvalidParam(material.code(), material.name().zh() + " is required"
                            + alternatives, MISSING));
                }
            }
        }
        return missing;
    }
}
