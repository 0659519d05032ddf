package org.errandless.applications;

import static io.restassured.RestAssured.given;
import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.errandless.common.security.Roles;
import org.errandless.common.web.AuthFailureHandlerProbe;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * What every request pays for its metrics' URI template (issue 16, {@code common/web/LazyAuthFailureFilter}): the
 * {@code uri} label of {@code http_server_requests} stays the template of the matched method, never a raw id, for
 * answers and refusals alike; and no request reaches Quarkus REST's authentication-failure filter with the default
 * handler that makes it look the template up in a path table built anew per request.
 */
@QuarkusTest
class HttpPathTemplatesTest {

    private static final String TEMPLATE = "uri=\"/api/v1/applications/{id}\"";

    @Test
    void theApplicationReadIsCountedUnderItsTemplateNeverItsId() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        var stranger = Apps.applicant();
        String unknown = UUID.randomUUID().toString();
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200);
        as(applicant.token()).get(APPLICATIONS + "/" + id).then().statusCode(200); // from memory
        as(stranger.token()).get(APPLICATIONS + "/" + id).then().statusCode(404);
        as(stranger.token()).get(APPLICATIONS + "/" + unknown).then().statusCode(404);
        given().get(APPLICATIONS + "/" + id).then().statusCode(401);
        given().auth().oauth2("not-a-token").get(APPLICATIONS + "/" + unknown).then().statusCode(401);
        as(TestTokens.staff(Roles.SUPERVISOR, Apps.STATION).accessToken()).get(APPLICATIONS + "/" + unknown).then()
                .statusCode(403);

        List<String> counts = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract()
                .asString().lines().filter(line -> line.startsWith("http_server_requests_seconds_count{")).toList();
        for (String status : List.of("200", "401", "403", "404")) {
            assertTrue(counts.stream().anyMatch(line -> line.contains(TEMPLATE) && line.contains("method=\"GET\"")
                    && line.contains("status=\"" + status + "\"")), "no " + status + " counted under " + TEMPLATE
                    + ": " + counts);
        }
        for (String raw : List.of(id, unknown)) {
            assertFalse(counts.stream().anyMatch(line -> line.contains(raw)), "a raw id as uri label: " + raw);
        }
    }

    @Test
    void quarkusRestsFilterFindsNoDefaultAuthFailureHandlerToLookTheTemplateUpFor() {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        String read = UUID.randomUUID().toString();
        String anonymous = UUID.randomUUID().toString();
        String catalogue = UUID.randomUUID().toString();
        as(applicant.token()).header(AuthFailureHandlerProbe.HEADER, read).get(APPLICATIONS + "/" + id).then()
                .statusCode(200);
        given().header(AuthFailureHandlerProbe.HEADER, anonymous).get(APPLICATIONS + "/" + id).then().statusCode(401);
        given().header(AuthFailureHandlerProbe.HEADER, catalogue).get("/api/v1/services").then().statusCode(200);
        for (String probe : List.of(read, anonymous, catalogue)) {
            assertEquals(AuthFailureHandlerProbe.NONE, AuthFailureHandlerProbe.seen(probe));
        }
    }
}
