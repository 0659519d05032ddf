package org.errandless.applications;

import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Read access to an application's form for features that observe {@link ApplicationStatusChanged} and need a field
 * of it (e-certificates put the {@code purpose} of a HOUSEHOLD_CERTIFICATE application on the certificate). The
 * event stays small; an observer asks for the form in the same transaction.
 *
 * <p>The lifecycle implements it ({@link StoredApplicationForms}).
 */
public interface ApplicationForms {

    /** The form of an application as it was submitted (JSON object), or empty for an unknown application. */
    Optional<JsonNode> form(UUID applicationId);
}
