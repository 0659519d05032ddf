package org.errandless.sharing.providers;

import org.errandless.catalog.SourceDepartment;

/**
 * One partner department as a source of records (卫健委 HEALTH: birth and death medical certificates; 民政
 * CIVIL_AFFAIRS: marriages; 住建 HOUSING: property records). Adapters: {@code http} (the department's service),
 * {@code demo} (records of the demo data, development only) and {@code off} (always unavailable); see
 * {@link SharedDataProviders}.
 *
 * <p>Implementations never throw for the department's failure: down, slow, an open circuit or an unreadable answer is
 * {@link SharedDataAnswer.Unavailable}. Nothing they log carries personal data.
 */
public interface SharedDataProvider {

    /** The department this provider asks. */
    SourceDepartment department();

    /**
     * Asks the department for one record.
     *
     * @param query a query of this provider's department
     */
    SharedDataAnswer find(SharedDataQuery query);
}
