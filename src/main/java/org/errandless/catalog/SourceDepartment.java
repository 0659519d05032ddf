package org.errandless.catalog;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The partner department that shares a SHARED material. */
@Schema(description = "Partner department a SHARED material is fetched from: HEALTH 卫健委, CIVIL_AFFAIRS 民政, "
        + "HOUSING 住建")
public enum SourceDepartment {
    /** Health commission (卫健委): birth and death medical certificates. */
    HEALTH,
    /** Civil affairs (民政): marriages. */
    CIVIL_AFFAIRS,
    /** Housing and urban-rural development (住建): property records. */
    HOUSING
}
