package org.errandless.privacy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.errandless.audit.ActorType;
import org.errandless.audit.AuditEvent;
import org.errandless.audit.AuditQuery;
import org.errandless.audit.AuditTrail;
import org.errandless.common.security.Roles;
import org.errandless.identity.verification.DemoCarrierVerifier;
import org.errandless.registry.FamilyFixtures;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestOtp;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * {@code GET /api/v1/me/export}: everything about the signed-in citizen, nothing about anybody else, streamed in
 * pages, rate limited, recorded.
 */
@QuarkusTest
class PersonalDataExportTest {

    static final String EXPORT = "/api/v1/me/export";
    static final String APPLICATIONS = "/api/v1/applications";
    static final String AUTHORISATIONS = "/api/v1/me/authorisations";
    static final String STATION = "50010801";
    static final String INTERNAL_NOTE = "内部备注：已电话核实房东";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RegistryFixtures fixtures;
    @Inject
    FamilyFixtures families;
    @Inject
    DemoCarrierVerifier carrier;
    @Inject
    AuditTrail audit;
    @Inject
    EntityManager entityManager;

    // ---- completeness -----------------------------------------------------------------------------------------

    @Test
    void holdsEverythingAboutAFixturePersonAndNothingAboutAnybodyElse() throws IOException {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        RegistryFixtures.Member head = family.member(Relationship.HEAD);
        RegistryFixtures.Member spouse = family.member(Relationship.SPOUSE);
        String phone = TestCitizens.newPhone();
        String l1 = signIn(phone);
        // a failed real-name check first, then the right one
        as(l1).contentType(ContentType.JSON).body(Map.of("name", "不是本人", "idNumber", head.idNumber()))
                .post("/api/v1/me/identity").then().statusCode(422).body("code", equalTo("identity-mismatch"));
        carrier.register(phone, head.idNumber());
        String token = as(l1).contentType(ContentType.JSON)
                .body(Map.of("name", head.name(), "idNumber", head.idNumber())).post("/api/v1/me/identity").then()
                .statusCode(200).extract().path("tokens.accessToken");
        UUID accountId = UUID.fromString(as(token).get("/api/v1/me").then().statusCode(200).extract().path("id"));

        // an application with a document, decided by the station: a certificate, a notification, a staff read
        String proof = document(token, "租赁合同.pdf");
        String unattached = document(token, "备用.pdf");
        String applicationId = as(token).contentType(ContentType.JSON).body(Map.of("serviceCode", "ADDRESS_CHANGE",
                "form", Map.of("newAddress", "重庆市南岸区导出路9号"))).post(APPLICATIONS).then().statusCode(201)
                .extract().path("id");
        act(token, applicationId, "materials", Map.of("materialCode", "TENANCY_PROOF", "documentId", proof))
                .then().statusCode(200);
        act(token, applicationId, "submit", Map.of("consentToDataSharing", true)).then().statusCode(200);
        String officer = TestTokens.staff(Roles.OFFICER, STATION).accessToken();
        act(officer, applicationId, "accept", Map.of("comment", "材料齐全，予以受理", "internalNote", INTERNAL_NOTE))
                .then().statusCode(200);
        act(officer, applicationId, "approve", Map.of("comment", "准予变更")).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));
        act(token, applicationId, "evaluation", Map.of("score", 5, "comment", "很方便")).then().statusCode(201);

        // somebody else, with data of their own
        RegistryFixtures.Family otherFamily = fixtures.household(Relationship.HEAD);
        TestCitizens.SignedIn stranger = TestCitizens.boundTo(otherFamily.member(Relationship.HEAD).id());
        String strangerDocument = document(stranger.accessToken(), "别人的.pdf");
        String strangerApplication = as(stranger.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("serviceCode", "ADDRESS_CHANGE", "form", Map.of("newAddress", "重庆市江北区别处路1号")))
                .post(APPLICATIONS).then().statusCode(201).extract().path("id");

        Response response = as(token).get(EXPORT);
        response.then().statusCode(200).contentType(ContentType.JSON)
                .header("Content-Disposition", startsWith("attachment; filename=\"errandless-my-data-"))
                .header("Cache-Control", equalTo("no-store"));
        String text = response.asString();
        JsonNode export = JSON.readTree(text);

        assertEquals(componentNames(), fieldNames(export), "the sections, in the documented order");
        assertEquals("errandless-personal-data-export", export.get("format").asText());
        assertTrue(export.get("complete").asBoolean());

        JsonNode account = export.get("account");
        assertEquals(accountId.toString(), account.get("id").asText());
        assertEquals("+86" + phone, account.get("phone").asText(), "their own phone, in full");
        assertEquals("L2", account.get("assuranceLevel").asText());
        assertNotNull(account.get("createdAt").textValue());
        assertNotNull(account.get("lastSignInAt").textValue(), "the sign-in through the API is on record");

        JsonNode person = export.get("person");
        assertEquals(head.id().toString(), person.get("id").asText());
        assertEquals(head.name(), person.get("name").asText());
        assertEquals("HEAD", person.get("relationship").asText());
        assertTrue(person.get("idNumber").asText().contains("*"), "masked as in GET /me");
        assertFalse(text.contains(head.idNumber()), "no full ID number in a downloaded file");

        JsonNode household = export.get("household");
        assertEquals(family.householdId().toString(), household.get("id").asText());
        assertEquals(2, household.get("members").size());
        assertFalse(text.contains(spouse.idNumber()), "other members are masked as in GET /me/household");
        assertTrue(text.contains(spouse.name()), "… but shown as that view shows them");

        JsonNode applications = export.get("applications");
        assertEquals(1, applications.size());
        JsonNode application = applications.get(0).get("application");
        assertEquals(applicationId, application.get("id").asText());
        assertEquals("COMPLETED", application.get("status").asText());
        assertEquals("重庆市南岸区导出路9号", application.get("form").get("newAddress").asText());
        assertTrue(text.contains(proof), "the evidence names its document");
        assertTrue(application.get("consentToDataSharing").asBoolean());
        Set<String> actions = new HashSet<>();
        for (JsonNode event : application.get("timeline")) {
            assertEquals("PUBLIC", event.get("visibility").asText());
            actions.add(event.get("action").asText());
        }
        assertTrue(actions.containsAll(List.of("submit", "accept", "approve")), "timeline: " + actions);
        assertFalse(text.contains(INTERNAL_NOTE), "the station's internal notes are not exported");
        assertEquals(5, applications.get(0).get("evaluation").get("score").asInt());

        JsonNode certificates = export.get("certificates");
        assertEquals(1, certificates.size());
        assertEquals("COMPLETION_NOTICE", certificates.get(0).get("type").asText());
        assertEquals(applicationId, certificates.get(0).get("claims").get("applicationId").asText());

        Set<String> documents = new HashSet<>();
        for (JsonNode document : export.get("documents")) {
            String id = document.get("document").get("id").asText();
            documents.add(id);
            assertEquals("/api/v1/documents/" + id + "/content", document.get("contentUrl").asText());
        }
        assertEquals(Set.of(proof, unattached), documents);
        as(token).get(export.get("documents").get(0).get("contentUrl").asText()).then().statusCode(200);

        assertTrue(export.get("notifications").size() >= 3, "a message per status change");
        for (JsonNode notification : export.get("notifications")) {
            assertEquals(applicationId, notification.get("applicationId").asText());
        }

        List<String> who = new ArrayList<>();
        export.get("dataAccess").forEach(read -> who.add(read.get("who").asText()));
        assertFalse(who.isEmpty(), "the officer's reads are in the data-access log");
        assertTrue(who.stream().allMatch(label -> label.contains("户籍民警")), "read by: " + who);

        List<String> checks = new ArrayList<>();
        export.get("identityVerifications").forEach(check -> checks.add(check.get("check").asText() + ":"
                + check.get("outcome").asText() + ":" + check.get("reason").asText()));
        assertEquals(List.of("REAL_NAME:SUCCESS:null", "REAL_NAME:FAILURE:identity-mismatch"), checks);

        JsonNode consents = export.get("dataSharingConsents");
        assertEquals(1, consents.size());
        assertEquals(applicationId, consents.get(0).get("applicationId").asText());

        for (String foreign : List.of(stranger.phone(), stranger.accountId().toString(), strangerDocument,
                strangerApplication, otherFamily.member(Relationship.HEAD).name(),
                otherFamily.householdId().toString())) {
            assertFalse(text.contains(foreign), "another citizen's data in the export: " + foreign);
        }

        // the export itself is on record
        List<AuditEvent> recorded = audit.list(AuditQuery.all().actor(ActorType.CITIZEN, accountId.toString())
                .action(PersonalDataExportService.EXPORT), null, 10).items();
        assertEquals(1, recorded.size());
        assertEquals(accountId.toString(), recorded.get(0).targetId());
    }

    /**
     * The sections of issue 15's acting for family members: the 代办 authorisations the person gave and holds, the
     * consent requests that asked them as head, and those made about their own MOVE_IN; nobody else's.
     */
    @Test
    void holdsTheAuthorisationsAndConsentRequestsOfAFixturePerson() throws IOException {
        // the fixture person heads a household of their own, has a registered mobile, and is face-verified
        RegistryFixtures.Member me = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        String myMobile = TestCitizens.newPhone();
        families.registerMobile(me.id(), myMobile);
        String token = TestCitizens.boundAtL3(me.id()).accessToken();

        // given: an agent asks me, I tell them the code, they confirm
        RegistryFixtures.Member agent = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        String agentToken = TestCitizens.boundTo(agent.id()).accessToken();
        String given = authorise(agentToken, me, "HOUSEHOLD_CERTIFICATE");
        as(agentToken).contentType(ContentType.JSON).body(Map.of("code", TestOtp.codeIn(TestOtp.latestText(myMobile))))
                .post(AUTHORISATIONS + "/" + given + "/confirmation").then().statusCode(200);
        // held: I ask someone else, not yet confirmed
        RegistryFixtures.Member principal = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        families.registerMobile(principal.id(), TestCitizens.newPhone());
        String held = authorise(token, principal, "ADDRESS_CHANGE");

        // asked of me: someone moves into my household; about mine: I move into another one
        var moverFamily = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        String moverToken = TestCitizens.boundAtL3(moverFamily.member(Relationship.SPOUSE).id()).accessToken();
        String intoMine = submittedMoveIn(moverToken, householdNumberOf(token), "SPOUSE");
        var receiving = fixtures.household(Relationship.HEAD, Relationship.SON);
        String mine = submittedMoveIn(token, receiving.householdNumber(), "BROTHER");

        // a stranger's authorisations and requests stay out
        RegistryFixtures.Member strangerPrincipal = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        families.registerMobile(strangerPrincipal.id(), TestCitizens.newPhone());
        String strangers = authorise(agentToken, strangerPrincipal, "ADDRESS_CHANGE");

        JsonNode export = JSON.readTree(as(token).get(EXPORT).then().statusCode(200).extract().asString());
        assertEquals(componentNames(), fieldNames(export), "the sections, in the documented order");
        assertTrue(export.get("complete").asBoolean());

        Map<String, String> roles = new java.util.HashMap<>();
        export.get("authorisations").forEach(item -> roles.put(item.get("id").asText(), item.get("role").asText()
                + ":" + item.get("state").asText()));
        assertEquals(Map.of(given, "PRINCIPAL:ACTIVE", held, "AGENT:PENDING"), roles);
        assertFalse(export.toString().contains(strangers));

        JsonNode asked = export.get("consentRequestsAskedOfMe");
        assertEquals(1, asked.size());
        assertEquals(intoMine, asked.get(0).get("applicationId").asText());
        assertEquals("PENDING", asked.get(0).get("state").asText());
        assertEquals("SPOUSE", asked.get(0).get("relationshipToHead").asText());

        JsonNode about = export.get("consentRequestsOnMyApplications");
        assertEquals(1, about.size());
        assertEquals(mine, about.get(0).get("applicationId").asText());
        assertEquals("BROTHER", about.get(0).get("relationshipToHead").asText());
        assertFalse(export.toString().contains(receiving.member(Relationship.HEAD).id().toString()),
                "the head asked is not named");

        // nothing left open at the fixtures' station
        act(moverToken, intoMine, "withdraw", Map.of()).then().statusCode(200);
        act(token, mine, "withdraw", Map.of()).then().statusCode(200);
    }

    private static String authorise(String agentToken, RegistryFixtures.Member principal, String serviceCode) {
        return as(agentToken).contentType(ContentType.JSON).body(Map.of("principalName", principal.name(),
                "principalIdNumber", principal.idNumber(), "serviceCode", serviceCode, "validDays", 30))
                .post(AUTHORISATIONS).then().statusCode(201).extract().path("id");
    }

    private static String householdNumberOf(String token) {
        return as(token).get("/api/v1/me/household").then().statusCode(200).extract().path("householdNumber");
    }

    /** A MOVE_IN of the caller into that household, with a photo and a relationship proof, submitted. */
    private static String submittedMoveIn(String token, String householdNumber, String relationship) {
        String id = as(token).contentType(ContentType.JSON).body(Map.of("serviceCode", "MOVE_IN", "form",
                Map.of("targetHouseholdNumber", householdNumber, "relationshipToHead", relationship)))
                .post(APPLICATIONS).then().statusCode(201).extract().path("id");
        String photo = as(token).multiPart("file", "photo.png", png(), "image/png").multiPart("kind", "photo")
                .post("/api/v1/documents").then().statusCode(201).extract().path("id");
        act(token, id, "materials", Map.of("materialCode", "ID_PHOTO", "documentId", photo)).then().statusCode(200);
        act(token, id, "materials", Map.of("materialCode", "RELATIONSHIP_PROOF", "documentId",
                document(token, "亲属关系证明.pdf"))).then().statusCode(200);
        act(token, id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(200);
        return id;
    }

    private static byte[] png() {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 80,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 80; y++) {
                image.setRGB(x, y, new java.awt.Color((x * 7) % 256, (y * 5) % 256, 90).getRGB());
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void anL1CitizenGetsWhatExists() throws IOException {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        JsonNode export = JSON.readTree(as(citizen.accessToken()).get(EXPORT).then().statusCode(200).extract()
                .asString());
        assertEquals("L1", export.get("account").get("assuranceLevel").asText());
        assertEquals("+86" + citizen.phone(), export.get("account").get("phone").asText());
        assertTrue(export.get("person").isNull());
        assertTrue(export.get("household").isNull());
        for (String section : List.of("applications", "certificates", "documents", "notifications", "dataAccess",
                "identityVerifications", "dataSharingConsents", "authorisations", "consentRequestsAskedOfMe",
                "consentRequestsOnMyApplications")) {
            assertEquals(0, export.get(section).size(), section);
        }
        assertTrue(export.get("complete").asBoolean());
    }

    // ---- refusals ---------------------------------------------------------------------------------------------

    @Test
    void withoutATokenIs401() {
        given().get(EXPORT).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void staffHaveNoExportOfTheirOwn() {
        as(TestTokens.staff(Roles.OFFICER, STATION).accessToken()).get(EXPORT).then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void aDisabledAccountIsRefused() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        as(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/admin/citizens/" + citizen.accountId() + "/disable").then().statusCode(200);
        as(citizen.accessToken()).get(EXPORT).then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void anAccountsExportsAreLimitedPerHour() {
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        for (int i = 0; i < 3; i++) {
            as(citizen.accessToken()).get(EXPORT).then().statusCode(200);
        }
        as(citizen.accessToken()).get(EXPORT).then().statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("rate-limited")).header("Retry-After", Integer::parseInt,
                        org.hamcrest.Matchers.greaterThan(0));
        // the limit is the account's, not everybody's
        as(TestCitizens.signIn().accessToken()).get(EXPORT).then().statusCode(200);
        List<AuditEvent> refused = audit.list(AuditQuery.all().actor(ActorType.CITIZEN,
                citizen.accountId().toString()).action(PersonalDataExportService.EXPORT)
                .outcome(org.errandless.audit.AuditOutcome.DENIED), null, 10).items();
        assertEquals(1, refused.size());
    }

    // ---- a longer history ---------------------------------------------------------------------------------------

    @Test
    void aLongerHistoryStreamsPageAfterPage() throws IOException {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD);
        RegistryFixtures.Member head = family.member(Relationship.HEAD);
        TestCitizens.SignedIn citizen = TestCitizens.boundTo(head.id());
        // more than a page (100) of each; written straight into the tables, as the API would take minutes
        int drafts = 101;
        int reads = 250;
        int messages = 150;
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("insert into application (id, service_code, applicant_account_id, "
                    + "applicant_person_id, status, form, created_at, updated_at) select gen_random_uuid(), "
                    + "'ADDRESS_CHANGE', ?1, ?2, 'DRAFT', jsonb_build_object('newAddress', '重庆市测试路' || g || '号'), "
                    + "timestamptz '2026-09-29T00:00:00Z' + make_interval(secs => g), "
                    + "timestamptz '2026-09-29T00:00:00Z' + make_interval(secs => g) from generate_series(1, ?3) g")
                    .setParameter(1, citizen.accountId()).setParameter(2, head.id()).setParameter(3, drafts)
                    .executeUpdate();
            entityManager.createNativeQuery("insert into access_record (id, person_id, accessor_type, accessor_id, "
                    + "accessor_label, what, purpose, occurred_at) select gen_random_uuid(), ?1, 'STAFF', "
                    + "'staff-' || g, '测试派出所 户籍民警', 'application', '导出测试', "
                    + "timestamptz '2026-09-29T00:00:00Z' - make_interval(secs => g) from generate_series(1, ?2) g")
                    .setParameter(1, head.id()).setParameter(2, reads).executeUpdate();
            entityManager.createNativeQuery("insert into citizen_notification (id, recipient_account_id, purpose, "
                    + "text, created_at) select gen_random_uuid(), ?1, 'STATUS_CHANGED', '测试消息' || g, "
                    + "timestamptz '2026-09-29T00:00:00Z' + make_interval(secs => g) from generate_series(1, ?2) g")
                    .setParameter(1, citizen.accountId()).setParameter(2, messages).executeUpdate();
        });

        Response response = as(citizen.accessToken()).get(EXPORT);
        response.then().statusCode(200).header("Content-Length", nullValue())
                .header("Transfer-Encoding", equalTo("chunked"));
        byte[] body = response.asByteArray();
        JsonNode export = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        assertEquals(drafts, export.get("applications").size(), "more than one page of applications");
        assertEquals(reads, export.get("dataAccess").size(), "more than one page of reads");
        assertEquals(messages, export.get("notifications").size(), "more than one page of messages");
        Set<String> ids = new HashSet<>();
        export.get("applications").forEach(each -> ids.add(each.get("application").get("id").asText()));
        assertEquals(drafts, ids.size(), "no application twice across pages");
        assertTrue(export.get("complete").asBoolean());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Signs in through the API (code from the development SMS outbox); the access token. */
    private static String signIn(String phone) {
        String challenge = TestOtp.challenge(phone);
        return TestOtp.verify(challenge, TestOtp.latestCode(phone)).then().statusCode(200).extract()
                .path("accessToken");
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static String document(String token, String filename) {
        return as(token).multiPart("file", filename, pdf(), "application/pdf").post("/api/v1/documents").then()
                .statusCode(201).extract().path("id");
    }

    private static Response act(String token, String id, String action, Object body) {
        String etag = as(token).get(APPLICATIONS + "/" + id).then().statusCode(200).extract().header("ETag");
        return as(token).header("If-Match", etag).contentType(ContentType.JSON).body(body)
                .post(APPLICATIONS + "/" + id + "/" + action);
    }

    private static List<String> componentNames() {
        return Arrays.stream(PersonalDataExport.class.getRecordComponents()).map(c -> c.getName()).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> each = node.fieldNames(); each.hasNext();) {
            names.add(each.next());
        }
        return names;
    }

    static byte[] pdf() {
        String text = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
                + "trailer << /Root 1 0 R /Size 4 >>\n%%EOF\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
