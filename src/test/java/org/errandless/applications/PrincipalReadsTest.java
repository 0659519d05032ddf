package org.errandless.applications;

import static io.restassured.RestAssured.given;
import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.errandless.registry.FamilyFixtures;
import org.errandless.registry.FamilyFixtures.Born;
import org.errandless.registry.RegistryFixtures.Member;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestOtp;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The person an application is about sees what someone else made for them (issue 15 item 2): a principal the
 * applications their 代办 agent submitted, in the list, the application and its timeline, with the applicant and the
 * basis shown; read-only (a change is 403 {@code forbidden}); never the agent's DRAFTs; a stranger still 404.
 */
@QuarkusTest
class PrincipalReadsTest {

    private static final String AUTHORISATIONS = "/api/v1/me/authorisations";

    @Inject
    FamilyFixtures families;

    private record Pair(Member principal, String principalToken, Member agent, String agentToken) {
    }

    /** An elderly principal with a registered mobile, and an agent of another household who holds their 代办. */
    private Pair authorisedPair() {
        return authorisedPair("HOUSEHOLD_CERTIFICATE");
    }

    /** {@link #authorisedPair()} for another service. */
    private Pair authorisedPair(String serviceCode) {
        Member principal = families.household(new Born(Relationship.HEAD, LocalDate.of(1950, 6, 1)))
                .member(Relationship.HEAD);
        String mobile = TestCitizens.newPhone();
        families.registerMobile(principal.id(), mobile);
        Member agent = families.household(new Born(Relationship.HEAD, LocalDate.of(1984, 3, 12)))
                .member(Relationship.HEAD);
        String agentToken = TestCitizens.boundTo(agent.id()).accessToken();
        String id = as(agentToken).contentType(ContentType.JSON).body(Map.of("principalName", principal.name(),
                "principalIdNumber", principal.idNumber(), "serviceCode", serviceCode, "validDays", 30))
                .post(AUTHORISATIONS).then().statusCode(201).extract().path("id");
        as(agentToken).contentType(ContentType.JSON).body(Map.of("code", TestOtp.codeIn(TestOtp.latestText(mobile))))
                .post(AUTHORISATIONS + "/" + id + "/confirmation").then().statusCode(200);
        return new Pair(principal, TestCitizens.boundTo(principal.id()).accessToken(), agent, agentToken);
    }

    private static String apply(Pair pair) {
        return as(pair.agentToken()).contentType(ContentType.JSON).body(Map.of("serviceCode",
                "HOUSEHOLD_CERTIFICATE", "form", Map.of("purpose", "办理入学"), "onBehalfOf",
                pair.principal().id().toString())).post(APPLICATIONS).then().statusCode(201).extract().path("id");
    }

    /** An ADDRESS_CHANGE the agent made for the principal, with a tenancy proof the agent uploaded; a DRAFT. */
    private static String addressChange(Pair pair, String document) {
        String id = as(pair.agentToken()).contentType(ContentType.JSON).body(Map.of("serviceCode", "ADDRESS_CHANGE",
                "form", Map.of("newAddress", "重庆市南岸区代办路8号"), "onBehalfOf", pair.principal().id().toString()))
                .post(APPLICATIONS).then().statusCode(201).extract().path("id");
        Apps.attach(pair.agentToken(), id, "TENANCY_PROOF", document).then().statusCode(200);
        return id;
    }

    private static List<String> listed(String token) {
        return as(token).queryParam("limit", 100).get(APPLICATIONS).then().statusCode(200).extract().jsonPath()
                .getList("items.id");
    }

    @Test
    void thePrincipalFollowsWhatTheAgentSubmittedForThemReadOnly() {
        Pair pair = authorisedPair();
        String draft = apply(pair);
        String submitted = apply(pair);
        Apps.act(pair.agentToken(), submitted, "submit", Map.of("consentToDataSharing", false)).then()
                .statusCode(200).body("status", equalTo("COMPLETED"));

        // the list: the submitted one, not the agent's draft
        List<String> principals = listed(pair.principalToken());
        assertTrue(principals.contains(submitted), () -> "listed: " + principals);
        assertFalse(principals.contains(draft), "a DRAFT stays the agent's until submitted");
        as(pair.principalToken()).get(APPLICATIONS + "/" + draft).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));

        // the application as its applicant sees it, with who applied on what basis
        String agentsTag = Apps.etag(pair.agentToken(), submitted);
        String tag = as(pair.principalToken()).get(APPLICATIONS + "/" + submitted).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("actingBasis", equalTo("AUTHORISATION"))
                .body("applicant.personId", equalTo(pair.agent().id().toString()))
                .body("applicant.name", equalTo(pair.agent().name()))
                .body("subject.personId", equalTo(pair.principal().id().toString())).extract().header("ETag");
        assertEquals(agentsTag, tag, "the same representation as the applicant's");
        as(pair.principalToken()).header("If-None-Match", tag).get(APPLICATIONS + "/" + submitted).then()
                .statusCode(304);
        as(pair.principalToken()).get(APPLICATIONS + "/" + submitted + "/timeline").then().statusCode(200)
                .body("items.action", hasItem("submit"));

        // read-only: a change is refused, and changes nothing
        as(pair.principalToken()).header("If-Match", tag).contentType(ContentType.JSON).body(Map.of())
                .post(APPLICATIONS + "/" + submitted + "/withdraw").then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("forbidden"));
        as(pair.principalToken()).header("If-Match", tag).contentType("application/merge-patch+json")
                .body("{\"purpose\": \"改\"}").patch(APPLICATIONS + "/" + submitted).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        assertEquals(tag, Apps.etag(pair.agentToken(), submitted));

        // the agent's list is unchanged by it
        assertTrue(listed(pair.agentToken()).containsAll(List.of(draft, submitted)));
    }

    @Test
    void aStrangerAndAnyoneWithoutATokenStillGet404And401() {
        Pair pair = authorisedPair();
        String submitted = apply(pair);
        Apps.act(pair.agentToken(), submitted, "submit", Map.of("consentToDataSharing", false)).then()
                .statusCode(200);
        // a member of no party, and the principal's own household mate who is not the subject
        Member stranger = families.household(new Born(Relationship.HEAD, LocalDate.of(1980, 1, 1)))
                .member(Relationship.HEAD);
        for (String token : List.of(TestCitizens.boundTo(stranger.id()).accessToken(),
                TestCitizens.signIn().accessToken())) {
            as(token).get(APPLICATIONS + "/" + submitted).then().statusCode(404).contentType(PROBLEM)
                    .body("code", equalTo("not-found"));
            as(token).get(APPLICATIONS + "/" + submitted + "/timeline").then().statusCode(404);
            as(token).queryParam("limit", 100).get(APPLICATIONS).then().statusCode(200)
                    .body("items.id", not(hasItem(submitted)));
            as(token).header("If-Match", "\"x\"").contentType(ContentType.JSON).body(Map.of())
                    .post(APPLICATIONS + "/" + submitted + "/withdraw").then().statusCode(404);
        }
        given().get(APPLICATIONS + "/" + submitted).then().statusCode(401).body("code", equalTo("unauthorized"));
        given().get(APPLICATIONS).then().statusCode(401);
        // bad input stays bad input for the principal
        as(pair.principalToken()).queryParam("cursor", "not-a-cursor").get(APPLICATIONS).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        as(pair.principalToken()).get(APPLICATIONS + "/not-an-id").then().statusCode(404);
    }

    @Test
    void thePrincipalsExportHoldsWhatWasMadeForThem() {
        Pair pair = authorisedPair();
        String submitted = apply(pair);
        Apps.act(pair.agentToken(), submitted, "submit", Map.of("consentToDataSharing", false)).then()
                .statusCode(200);
        String certificate = as(pair.agentToken()).get(APPLICATIONS + "/" + submitted + "/certificate").then()
                .statusCode(200).extract().path("id");
        as(pair.principalToken()).get("/api/v1/me/export").then().statusCode(200)
                .body("applications.application.id", hasItem(submitted)).body("certificates.id", hasItem(certificate))
                .body("complete", equalTo(true));
        // the agent's export holds it as well (it is their application), a stranger's does not
        as(pair.agentToken()).get("/api/v1/me/export").then().statusCode(200)
                .body("certificates.id", hasItem(certificate));
        Member stranger = families.household(new Born(Relationship.HEAD, LocalDate.of(1981, 4, 4)))
                .member(Relationship.HEAD);
        as(TestCitizens.boundTo(stranger.id()).accessToken()).get("/api/v1/me/export").then().statusCode(200)
                .body("certificates.id", not(hasItem(certificate)));
    }

    @Test
    void listItemsSayOnWhatGroundAndWhoTheCitizensPartiesAre() {
        Pair pair = authorisedPair();
        String submitted = apply(pair);
        Apps.act(pair.agentToken(), submitted, "submit", Map.of("consentToDataSharing", false)).then()
                .statusCode(200);
        String own = Apps.draft(pair.agentToken(), "HOUSEHOLD_CERTIFICATE");
        String item = "items.find { it.id == '%s' }.";
        for (String token : List.of(pair.agentToken(), pair.principalToken())) {
            as(token).queryParam("limit", 100).get(APPLICATIONS).then().statusCode(200)
                    .body(String.format(item, submitted) + "actingBasis", equalTo("AUTHORISATION"))
                    .body(String.format(item, submitted) + "applicant.personId",
                            equalTo(pair.agent().id().toString()))
                    .body(String.format(item, submitted) + "applicant.name", equalTo(pair.agent().name()))
                    .body(String.format(item, submitted) + "subject.personId",
                            equalTo(pair.principal().id().toString()))
                    .body(String.format(item, submitted) + "subject.idNumber", not(equalTo(pair.principal()
                            .idNumber())));
        }
        // applying for oneself: no basis, no parties
        as(pair.agentToken()).queryParam("limit", 100).get(APPLICATIONS).then().statusCode(200)
                .body(String.format(item, own) + "actingBasis", nullValue())
                .body(String.format(item, own) + "applicant", nullValue());
        // staff lists carry the basis, never the parties (listing is no read of personal data)
        String officer = org.errandless.support.TestTokens.staff(org.errandless.common.security.Roles.OFFICER,
                Apps.STATION).accessToken();
        Map<String, Object> listedForOfficer = officersItem(officer, submitted);
        assertEquals("AUTHORISATION", listedForOfficer.get("actingBasis"));
        assertTrue(listedForOfficer.containsKey("applicant") && listedForOfficer.get("applicant") == null
                && listedForOfficer.get("subject") == null, () -> "item: " + listedForOfficer);
    }

    /** The item of the officer's station list for the application, paging until it is found. */
    private static Map<String, Object> officersItem(String officer, String id) {
        String cursor = null;
        do {
            var request = as(officer).queryParam("limit", 100).queryParam("serviceCode", "HOUSEHOLD_CERTIFICATE");
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get(APPLICATIONS).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            for (Map<String, Object> item : items) {
                if (id.equals(item.get("id"))) {
                    return item;
                }
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        throw new AssertionError("not in the officer's list: " + id);
    }

    @Test
    void theSubjectReadsTheCertificateMadeForThemAndStrangersDoNot() {
        Pair pair = authorisedPair();
        String submitted = apply(pair);
        String certificate = APPLICATIONS + "/" + submitted + "/certificate";
        Apps.act(pair.agentToken(), submitted, "submit", Map.of("consentToDataSharing", false)).then()
                .statusCode(200).body("status", equalTo("COMPLETED"));
        String agentsTag = as(pair.agentToken()).get(certificate).then().statusCode(200).extract().header("ETag");
        String tag = as(pair.principalToken()).get(certificate).then().statusCode(200)
                .body("type", equalTo("HOUSEHOLD_REGISTRATION"))
                .body("claims.holder.name", equalTo(pair.principal().name())).extract().header("ETag");
        assertEquals(agentsTag, tag, "the same certificate");
        as(pair.principalToken()).header("If-None-Match", tag).get(certificate).then().statusCode(304);
        as(pair.principalToken()).get(certificate + "/qr.png").then().statusCode(200).contentType("image/png");

        Member stranger = families.household(new Born(Relationship.HEAD, LocalDate.of(1980, 1, 1)))
                .member(Relationship.HEAD);
        for (String token : List.of(TestCitizens.boundTo(stranger.id()).accessToken(),
                TestCitizens.signIn().accessToken())) {
            as(token).get(certificate).then().statusCode(404).contentType(PROBLEM).body("code", equalTo("not-found"));
            as(token).get(certificate + "/qr.png").then().statusCode(404);
        }
        given().get(certificate).then().statusCode(401).body("code", equalTo("unauthorized"));
        as(pair.principalToken()).get(APPLICATIONS + "/not-an-id/certificate").then().statusCode(404);
    }

    @Test
    void aDraftWithdrawnBeforeItWasSubmittedStaysTheAgentsWithItsDocuments() {
        Pair pair = authorisedPair("ADDRESS_CHANGE");
        String document = Apps.document(pair.agentToken());
        String id = addressChange(pair, document);
        Apps.act(pair.agentToken(), id, "withdraw").then().statusCode(200).body("status", equalTo("WITHDRAWN"));

        assertFalse(listed(pair.principalToken()).contains(id), "never handed in for the principal");
        as(pair.principalToken()).get(APPLICATIONS + "/" + id).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        as(pair.principalToken()).get(APPLICATIONS + "/" + id + "/timeline").then().statusCode(404);
        as(pair.principalToken()).get("/api/v1/documents/" + document).then().statusCode(404);
        // the agent still has both
        assertTrue(listed(pair.agentToken()).contains(id));
        as(pair.agentToken()).get("/api/v1/documents/" + document).then().statusCode(200);
    }

    @Test
    void theSubjectReadsTheDocumentsHandedInForThemButCannotDeleteThem() {
        Pair pair = authorisedPair("ADDRESS_CHANGE");
        String document = Apps.document(pair.agentToken());
        String id = addressChange(pair, document);
        String path = "/api/v1/documents/" + document;
        // a draft is the agent's working copy: nothing handed in yet
        as(pair.principalToken()).get(path).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));

        Apps.act(pair.agentToken(), id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(200);
        as(pair.principalToken()).get(path).then().statusCode(200).body("id", equalTo(document));
        as(pair.principalToken()).get(path + "/content").then().statusCode(200);
        // read-only: only the owner deletes (and a submitted application's evidence is not deleted at all)
        as(pair.principalToken()).delete(path).then().statusCode(404).contentType(PROBLEM);
        as(pair.agentToken()).get(path).then().statusCode(200);

        Member stranger = families.household(new Born(Relationship.HEAD, LocalDate.of(1979, 2, 2)))
                .member(Relationship.HEAD);
        for (String token : List.of(TestCitizens.boundTo(stranger.id()).accessToken(),
                TestCitizens.signIn().accessToken())) {
            as(token).get(path).then().statusCode(404).contentType(PROBLEM).body("code", equalTo("not-found"));
            as(token).get(path + "/content").then().statusCode(404);
        }
        given().get(path).then().statusCode(401);
        as(pair.principalToken()).get("/api/v1/documents/not-an-id").then().statusCode(404);
    }
}
