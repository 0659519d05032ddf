package org.errandless.applications;

import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.create;
import static org.errandless.applications.Apps.document;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.audit.AccessLog;
import org.errandless.common.security.Roles;
import org.errandless.registry.Relationship;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Officers of the handling station read the documents of an application; submitted ones cannot be deleted. */
@QuarkusTest
class ApplicationDocumentsTest {

    @Inject
    AccessLog accessLog;

    @Test
    void officerOfTheStationReadsAttachedDocumentsOfSubmittedApplications() {
        var applicant = Apps.applicant();
        String id = create(applicant.token(), "ADDRESS_CHANGE", Map.of("newAddress", "x")).then().statusCode(201)
                .extract().path("id");
        String documentId = document(applicant.token());
        attach(applicant.token(), id, "TENANCY_PROOF", documentId).then().statusCode(200);
        String officer = TestTokens.staff(Roles.OFFICER, STATION).accessToken();
        // still a DRAFT: no officer reads it
        as(officer).get("/api/v1/documents/" + documentId).then().statusCode(404);
        act(applicant.token(), id, "submit").then().statusCode(200);
        UUID person = applicant.family().member(Relationship.HEAD).id();
        int before = accessLog.listForPerson(person, null, 100).items().size();
        as(officer).get("/api/v1/documents/" + documentId + "/content").then().statusCode(200)
                .contentType("application/pdf");
        var records = accessLog.listForPerson(person, null, 100).items();
        assertEquals(before + 1, records.size());
        assertEquals("document", records.get(0).what());
        assertEquals("审核住址变更申请", records.get(0).purpose());
        as(TestTokens.staff(Roles.OFFICER, "50010301").accessToken()).get("/api/v1/documents/" + documentId).then()
                .statusCode(404);
        as(TestTokens.staff(Roles.SUPERVISOR, STATION).accessToken()).get("/api/v1/documents/" + documentId).then()
                .statusCode(404);
    }

    @Test
    void documentsOfSubmittedApplicationsAreInUseDraftsAndWithdrawalsReleaseThem() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String inUse = as(applicant.token()).get("/api/v1/applications/" + id).then().statusCode(200).extract()
                .path("materials[0].materials.find { it.code == 'TENANCY_PROOF' }.evidence.documentId");
        as(applicant.token()).delete("/api/v1/documents/" + inUse).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("document-in-use"));
        act(applicant.token(), id, "withdraw").then().statusCode(200);
        as(applicant.token()).delete("/api/v1/documents/" + inUse).then().statusCode(204);

        String draftId = Apps.draft(applicant.token(), "ADDRESS_CHANGE");
        String onDraft = document(applicant.token());
        attach(applicant.token(), draftId, "TENANCY_PROOF", onDraft).then().statusCode(200);
        as(applicant.token()).delete("/api/v1/documents/" + onDraft).then().statusCode(204);
        // deleting it detached it from the draft
        as(applicant.token()).get("/api/v1/applications/" + draftId).then().statusCode(200)
                .body("materials[0].state", equalTo("missing"));
    }
}
