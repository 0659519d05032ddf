package org.errandless.applications;

import static io.restassured.RestAssured.given;
import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.as;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.create;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.catalog.SourceDepartment;
import org.errandless.common.security.Roles;
import org.errandless.common.time.BusinessClock;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.RegisterChangeKind;
import org.errandless.registry.RegisterChangeView;
import org.errandless.registry.RegistryService;
import org.errandless.sharing.providers.SharedDataCalls;
import org.errandless.sharing.providers.SharedDataProviders;
import org.errandless.sharing.providers.SharedDataStubs;
import org.errandless.support.FreshDatabaseProfile;
import org.errandless.support.ProviderStub;
import org.errandless.support.TestOtp;
import org.errandless.support.TestPartners;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Issue #7 as the demo tells it: 张伟 registers the birth of 张小满 with the published example form, uploads nothing,
 * consents, and the birth medical certificate comes from the (demo) health department; the officer of his station
 * approves and the newborn is in his household. When the department is down or too slow, the material is unavailable
 * and he uploads it instead. He sees who read his data: a partner's check, the officer's read of the application.
 *
 * <p>This changes a demo household, so it runs on a database of its own ({@link FreshDatabaseProfile}).
 */
@QuarkusTest
@TestProfile(FreshDatabaseProfile.class)
class DemoBirthRegistrationTest {

    private static final String PHONE = "13800000001";
    private static final String NAME = "张伟";
    private static final String ID_NUMBER = "500103198803120516";
    private static final String SPOUSE_ID_NUMBER = "500103199007180424";
    private static final String STATION = "50010301";
    private static final String HOUSEHOLD_NUMBER = "5001030100001";

    /** 张伟 signed in once per database: a person is bound to one account. */
    private static String zhangWei;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String databaseUrl;
    @Inject
    RegistryService registry;
    @Inject
    BusinessClock clock;
    @Inject
    SharedDataCalls calls;
    @Inject
    CircuitBreakerMaintenance circuits;

    private ProviderStub stub;

    @BeforeEach
    void onItsOwnDatabase() {
        assertTrue(FreshDatabaseProfile.FreshDatabase.isFresh(databaseUrl), databaseUrl);
        circuits.resetAll();
    }

    @AfterEach
    void stopStub() {
        if (stub != null) {
            stub.close();
            stub = null;
        }
        circuits.resetAll();
    }

    /** 张伟 as the app signs him in: a code to his phone, then real-name verification (the demo carrier knows him). */
    private static synchronized String zhangWei() {
        if (zhangWei == null) {
            String challenge = TestOtp.challenge(PHONE);
            String l1 = TestOtp.verify(challenge, TestOtp.latestCode(PHONE)).then().statusCode(200).extract()
                    .path("accessToken");
            zhangWei = given().auth().oauth2(l1).contentType(ContentType.JSON)
                    .body(Map.of("name", NAME, "idNumber", ID_NUMBER)).post("/api/v1/me/identity").then()
                    .statusCode(200).body("profile.assuranceLevel", equalTo("L2")).extract()
                    .path("tokens.accessToken");
        }
        return zhangWei;
    }

    /** The published example of the form ({@code formSchema.examples[0]} of the catalogue). */
    private static Map<String, Object> publishedExample() {
        return given().get("/api/v1/services/BIRTH_REGISTRATION").then().statusCode(200).extract().jsonPath()
                .getMap("formSchema.examples[0]");
    }

    private static List<Map<String, Object>> named(JsonPath household, String name) {
        return household.getList("members.findAll { it.name == '" + name + "' }");
    }

    @Test
    void zhangWeiRegistersTheBirthWithoutUploadingAnything() {
        String token = zhangWei();
        Map<String, Object> form = publishedExample();
        assertEquals("张小满", form.get("childName"));
        JsonPath before = as(token).get("/api/v1/me/household").then().statusCode(200).extract().jsonPath();
        assertEquals(HOUSEHOLD_NUMBER, before.getString("householdNumber"));

        String id = create(token, "BIRTH_REGISTRATION", form).then().statusCode(201).extract().path("id");
        act(token, id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(200)
                .body("status", equalTo("SUBMITTED")).body("handlingStation", equalTo(STATION))
                .body("consentToDataSharing", equalTo(true)).body("materials[0].state", equalTo("satisfied"))
                .body("materials[0].materials[0].code", equalTo("BIRTH_MEDICAL_CERTIFICATE"))
                .body("materials[0].materials[0].evidence.source", equalTo("SHARED"))
                .body("materials[0].materials[0].evidence.sourceDepartment", equalTo("HEALTH"))
                .body("materials[0].materials[0].evidence.reference", equalTo("Q500103260001"))
                .body("materials[0].materials[0].evidence.digest", notNullValue())
                .body("materials[0].materials[0].evidence.facts.childName", equalTo("张小满"))
                .body("materials[0].materials[0].evidence.facts.motherName", equalTo("李娜"))
                // ID numbers in the evidence are masked
                .body("materials[0].materials[0].evidence.facts.motherIdNumber", not(equalTo(SPOUSE_ID_NUMBER)));

        String officer = TestTokens.staff(Roles.OFFICER, STATION).accessToken();
        as(officer).get(APPLICATIONS + "/" + id).then().statusCode(200)
                .body("materials[0].materials[0].evidence.source", equalTo("SHARED"));
        act(officer, id, "accept", Map.of("comment", "予以受理")).then().statusCode(200);
        act(officer, id, "approve", Map.of("comment", "准予登记")).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));

        JsonPath after = as(token).get("/api/v1/me/household").then().statusCode(200).extract().jsonPath();
        assertEquals(named(before, "张小满").size() + 1, named(after, "张小满").size());
        Map<String, Object> newborn = named(after, "张小满").get(named(after, "张小满").size() - 1);
        assertEquals("DAUGHTER", newborn.get("relationship"));
        assertEquals("2026-09-20", newborn.get("birthDate"));
        assertEquals("F", newborn.get("sex"));
        String idNumber = registry.fullIdNumber(UUID.fromString((String) newborn.get("id"))).orElseThrow();
        assertTrue(IdNumbers.isValid(idNumber, clock.today()), "the newborn's ID number is not valid");
        assertEquals("500103", IdNumbers.divisionOf(idNumber));
        List<RegisterChangeView> changes = registry.changesOfApplication(UUID.fromString(id));
        assertEquals(List.of(RegisterChangeKind.BORN), changes.stream().map(RegisterChangeView::kind).toList());
        as(token).get(APPLICATIONS + "/" + id + "/certificate").then().statusCode(200)
                .body("type", equalTo("COMPLETION_NOTICE"));

        // a partner department checks his residency; both reads are in his list, in plain words
        TestPartners.Client partner = TestPartners.create(100, "registry.person.read");
        given().auth().oauth2(TestPartners.token(partner)).contentType(ContentType.JSON)
                .body(Map.of("idNumber", ID_NUMBER, "purpose", "SOCIAL_ASSISTANCE"))
                .post("/api/v1/partner/residency-checks").then().statusCode(200).body("resident", equalTo(true));
        JsonPath access = as(token).queryParam("limit", 100).get("/api/v1/me/data-access").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> check = access.getMap("items.find { it.who == '" + partner.department() + "' }");
        assertEquals("户籍居住状态核验", check.get("what"));
        assertEquals("最低生活保障审核确认", check.get("purpose"));
        assertEquals("《社会救助暂行办法》", check.get("legalBasis"));
        Map<String, Object> read = access.getMap("items.find { it.what == '办件材料' }");
        assertEquals("审核出生登记申请", read.get("purpose"));
        assertTrue(((String) read.get("who")).endsWith("户籍民警"), (String) read.get("who"));
        Map<String, Object> fetch = access.getMap("items.find { it.what == '共享材料' }");
        assertTrue(((String) fetch.get("who")).contains("卫生健康部门"), (String) fetch.get("who"));
        assertEquals("办理出生登记：调取出生医学证明", fetch.get("purpose"));
        as(token).header("Accept-Language", "en").queryParam("limit", 100).get("/api/v1/me/data-access").then()
                .statusCode(200).body("items.find { it.who == '" + partner.department() + "' }.what",
                        equalTo("Residency check"));
    }

    @Test
    void whenTheHealthDepartmentIsDownOrSlowZhangWeiUploadsInstead() {
        stub = ProviderStub.start().byDefault(ProviderStub.answer(503, ""));
        QuarkusMock.installMockForType(new SharedDataProviders(Map.of(SourceDepartment.HEALTH,
                SharedDataStubs.provider(SourceDepartment.HEALTH, stub, calls, Duration.ofMillis(500)))),
                SharedDataProviders.class);
        String token = zhangWei();
        String id = create(token, "BIRTH_REGISTRATION", publishedExample()).then().statusCode(201).extract()
                .path("id");

        // down: 503
        act(token, id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("materials-missing")).body("invalidParams", hasSize(1))
                .body("invalidParams[0].name", equalTo("BIRTH_MEDICAL_CERTIFICATE"))
                .body("invalidParams[0].code", equalTo("unavailable"));
        int asked = stub.requests().size();
        assertTrue(asked > 0, "the department was not asked");
        stub.requests().forEach(request -> assertEquals("/birth-medical-certificates", request.path()));
        as(token).get(APPLICATIONS + "/" + id).then().statusCode(200).body("status", equalTo("DRAFT"))
                .body("materials[0].state", equalTo("unavailable"))
                .body("materials[0].materials[0].unavailable.reason", equalTo("source-unavailable"))
                .body("materials[0].materials[0].unavailable.detail", endsWith("或上传该材料。"));

        // too slow: no answer within the read timeout
        circuits.resetAll();
        stub.byDefault(stub.hang());
        act(token, id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("materials-missing"))
                .body("invalidParams[0].code", equalTo("unavailable"));
        assertTrue(stub.requests().size() > asked, "the department was not asked again");
        asked = stub.requests().size();

        // never a dead end: he uploads the certificate and submits
        attach(token, id, "BIRTH_MEDICAL_CERTIFICATE", Photos.upload(token, "jpeg")).then().statusCode(200)
                .body("materials[0].state", equalTo("satisfied"));
        act(token, id, "submit", Map.of("consentToDataSharing", true)).then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("materials[0].materials[0].evidence.source", equalTo("UPLOAD"));
        assertEquals(asked, stub.requests().size(), "an uploaded material is not fetched");
        assertFalse(stub.requests().isEmpty());
    }
}
