package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Deleting a document no longer cascades into applications (issue 12 item 6): a withdrawn application keeps its
 * evidence row, marked as deleted by its owner; the foreign key refuses rather than cascades.
 */
@QuarkusTest
class DocumentDeletionTest {

    private static final String TENANCY_PROOF = "materials[0].materials.find { it.code == 'TENANCY_PROOF' }";

    @Test
    void aWithdrawnApplicationKeepsItsEvidenceWhenTheDocumentIsDeleted() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String documentId = as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200).extract()
                .path(TENANCY_PROOF + ".evidence.documentId");
        act(applicant.token(), id, "withdraw").then().statusCode(200);

        as(applicant.token()).delete("/api/v1/documents/" + documentId).then().statusCode(204);

        as(applicant.token()).get("/api/v1/documents/" + documentId).then().statusCode(404);
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("materials[0].state", equalTo("satisfied"))
                .body(TENANCY_PROOF + ".evidence.source", equalTo("UPLOAD"))
                .body(TENANCY_PROOF + ".evidence.documentId", nullValue())
                .body(TENANCY_PROOF + ".evidence.documentDeletedAt", notNullValue());
    }

    @Test
    void materialsNoLongerCascadeFromDocuments() throws SQLException {
        Config config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("select confdeltype from pg_constraint where contype = 'f' "
                        + "and conrelid = 'application_material'::regclass and confrelid = 'document'::regclass")) {
            rows.next();
            assertEquals("a", rows.getString(1), "ON DELETE NO ACTION");
        }
    }
}
