package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.create;
import static org.errandless.applications.Apps.document;
import static org.errandless.applications.Apps.etag;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.errandless.common.security.Roles;
import org.errandless.support.TestTokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * {@code If-Match: *} matches any representation, so it would let a client change an application it never read (or
 * read long ago): every operation that changes an application refuses it with 428 {@code precondition-required} and
 * tells to send the ETag last read (issue 11 item 8). Each case sets the application up so that the operation would
 * succeed with the right tag, and checks that nothing changed.
 */
@QuarkusTest
class IfMatchAnyTest {

    /** An operation ready to be sent: who, which application, and the request but for its {@code If-Match}. */
    record Change(String token, String id, String method, String path, String contentType, Object body) {

        Response send(String ifMatch) {
            var request = as(token).header("If-Match", ifMatch).contentType(contentType).body(body);
            return "PATCH".equals(method) ? request.patch(path) : request.post(path);
        }
    }

    private static String officer() {
        return TestTokens.staff(Roles.OFFICER, STATION).accessToken();
    }

    private static Change post(String token, String id, String action, Object body) {
        return new Change(token, id, "POST", APPLICATIONS + "/" + id + "/" + action, ContentType.JSON.toString(),
                body);
    }

    private static String draft(Apps.Applicant applicant) {
        return create(applicant.token(), "ADDRESS_CHANGE", Map.of("newAddress", "重庆市南岸区测试路2号")).then()
                .statusCode(201).extract().path("id");
    }

    private static String draftWithProof(Apps.Applicant applicant) {
        String id = draft(applicant);
        attach(applicant.token(), id, "TENANCY_PROOF", document(applicant.token())).then().statusCode(200);
        return id;
    }

    private static String accepted(Apps.Applicant applicant, String officer) {
        String id = Apps.submittedAddressChange(applicant);
        act(officer, id, "accept").then().statusCode(200);
        return id;
    }

    static Stream<Arguments> everyChange() {
        List<Map.Entry<String, Supplier<Change>>> changes = List.of(
                Map.entry("PATCH form", () -> {
                    var applicant = Apps.applicant();
                    String id = draft(applicant);
                    return new Change(applicant.token(), id, "PATCH", APPLICATIONS + "/" + id,
                            "application/merge-patch+json; charset=UTF-8", Map.of("newAddress", "重庆市渝中区测试路9号"));
                }),
                Map.entry("materials", () -> {
                    var applicant = Apps.applicant();
                    String id = draft(applicant);
                    return new Change(applicant.token(), id, "POST", APPLICATIONS + "/" + id + "/materials",
                            ContentType.JSON.toString(),
                            Map.of("materialCode", "TENANCY_PROOF", "documentId", document(applicant.token())));
                }),
                Map.entry("submit", () -> {
                    var applicant = Apps.applicant();
                    return post(applicant.token(), draftWithProof(applicant), "submit",
                            Map.of("consentToDataSharing", false));
                }),
                Map.entry("withdraw", () -> {
                    var applicant = Apps.applicant();
                    return post(applicant.token(), draft(applicant), "withdraw", Map.of());
                }),
                Map.entry("accept", () -> post(officer(), Apps.submittedAddressChange(Apps.applicant()), "accept",
                        Map.of())),
                Map.entry("request-supplement", () -> post(officer(),
                        Apps.submittedAddressChange(Apps.applicant()), "request-supplement",
                        Map.of("missingMaterials", List.of("TENANCY_PROOF")))),
                Map.entry("reject", () -> post(officer(), Apps.submittedAddressChange(Apps.applicant()), "reject",
                        Map.of("reason", "材料不符"))),
                Map.entry("suspend", () -> {
                    String officer = officer();
                    return post(officer, accepted(Apps.applicant(), officer), "suspend", Map.of("reason", "需实地核查"));
                }),
                Map.entry("resume", () -> {
                    String officer = officer();
                    String id = accepted(Apps.applicant(), officer);
                    act(officer, id, "suspend", Map.of("reason", "需实地核查")).then().statusCode(200);
                    return post(officer, id, "resume", Map.of());
                }),
                Map.entry("approve", () -> {
                    String officer = officer();
                    return post(officer, accepted(Apps.applicant(), officer), "approve", Map.of());
                }),
                Map.entry("complete", () -> {
                    var applicant = Apps.applicant(true);
                    String id = create(applicant.token(), "ID_CARD_RENEWAL", Map.of("reason", "EXPIRED")).then()
                            .statusCode(201).extract().path("id");
                    attach(applicant.token(), id, "ID_PHOTO", document(applicant.token())).then().statusCode(200);
                    act(applicant.token(), id, "submit").then().statusCode(200);
                    String officer = officer();
                    act(officer, id, "accept").then().statusCode(200);
                    act(officer, id, "approve").then().statusCode(200);
                    return post(officer, id, "complete", Map.of());
                }),
                Map.entry("evaluation", () -> {
                    var applicant = Apps.applicant();
                    String officer = officer();
                    String id = accepted(applicant, officer);
                    act(officer, id, "approve").then().statusCode(200).body("status", equalTo("COMPLETED"));
                    return post(applicant.token(), id, "evaluation", Map.of("score", 5));
                }));
        return changes.stream().map(change -> Arguments.of(change.getKey(), change.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyChange")
    void ifMatchAnyIsRefusedAndChangesNothing(String operation, Supplier<Change> setUp) {
        Change change = setUp.get();
        String before = etag(change.token(), change.id());

        for (String any : List.of("*", " * ", "*, " + before)) {
            change.send(any).then().statusCode(428).contentType(PROBLEM)
                    .body("code", equalTo("precondition-required")).body("detail", containsString("ETag"));
        }
        assertEquals(before, etag(change.token(), change.id()), operation + " changed the application");
        // the same request with the tag last read goes through
        int status = change.send(before).then().extract().statusCode();
        assertEquals(true, status == 200 || status == 201, operation + " with the current tag answered " + status);
    }
}
