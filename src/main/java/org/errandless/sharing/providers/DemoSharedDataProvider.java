package org.errandless.sharing.providers;

import java.util.Objects;

import org.errandless.catalog.SourceDepartment;

/**
 * Adapter {@code demo}: a department that holds only the records of the demo data ({@link DemoSharedRecords}).
 * A development adapter: refused in prod unless development adapters are allowed (see {@link SharedDataProviders}).
 */
public class DemoSharedDataProvider implements SharedDataProvider {

    private final SourceDepartment department;
    private final DemoSharedRecords records;

    public DemoSharedDataProvider(SourceDepartment department, DemoSharedRecords records) {
        this.department = Objects.requireNonNull(department);
        this.records = Objects.requireNonNull(records);
    }

    @Override
    public SourceDepartment department() {
        return department;
    }

    @Override
    public SharedDataAnswer find(SharedDataQuery query) {
        if (query.department() != department) {
            throw new IllegalArgumentException(query.kind() + " are not kept by " + department);
        }
        return records.find(query);
    }

    @Override
    public String toString() {
        return "DemoSharedDataProvider[" + department + "]";
    }
}
