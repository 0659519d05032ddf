package org.errandless.catalog;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where the evidence for a material comes from. */
@Schema(description = "UPLOAD: the citizen hands it in; SHARED: the system fetches it from the partner department "
        + "(with the citizen's consent); REGISTRY: we hold it already")
public enum MaterialSource {
    /** The citizen uploads it. */
    UPLOAD,
    /** Fetched from a partner department ({@link SourceDepartment}) with the citizen's consent. */
    SHARED,
    /** Already in our own register. */
    REGISTRY
}
