package org.errandless.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.errandless.applications.SharedMaterialFetcher;
import org.errandless.applications.SharedMaterialFetcher.Fetched;
import org.errandless.applications.SharedMaterialFetcher.Request;
import org.errandless.applications.SharedMaterialFetcher.Unavailable;
import org.errandless.audit.AccessLog;
import org.errandless.audit.AccessRecord;
import org.errandless.audit.AccessorType;
import org.errandless.catalog.SourceDepartment;
import org.errandless.common.crypto.PersonalDataMasks;
import org.errandless.common.time.BusinessClock;
import org.errandless.registry.HouseholdView;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.RegistryFixtures.Family;
import org.errandless.registry.RegistryFixtures.Member;
import org.errandless.registry.RegistryService;
import org.errandless.registry.Relationship;
import org.errandless.sharing.providers.SharedDataCalls;
import org.errandless.sharing.providers.SharedDataProvider;
import org.errandless.sharing.providers.SharedDataProviders;
import org.errandless.sharing.providers.SharedDataStubs;
import org.errandless.support.ProviderStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * The fetcher for each SHARED material of the catalogue, called as the applications lifecycle calls it, with fresh
 * households of the register and the departments' http adapters pointed at a local stub (installed for this test
 * class's tests only). One test uses the configured demo departments with 张伟's demo household, reading it only.
 */
@QuarkusTest
class SharingMaterialFetcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SharedMaterialFetcher fetcher;
    @Inject
    RegistryFixtures fixtures;
    @Inject
    RegistryService registry;
    @Inject
    AccessLog accessLog;
    @Inject
    BusinessClock clock;
    @Inject
    SharedDataCalls calls;
    @Inject
    CircuitBreakerMaintenance circuits;

    private ProviderStub stub;

    @BeforeEach
    void departmentsAtTheStub() {
        stub = ProviderStub.start();
        circuits.resetAll();
    }

    @AfterEach
    void stopStub() {
        stub.close();
        circuits.resetAll();
    }

    private void useStubFor(SourceDepartment... departments) {
        Map<SourceDepartment, SharedDataProvider> providers = new java.util.EnumMap<>(SourceDepartment.class);
        for (SourceDepartment department : departments) {
            providers.put(department, SharedDataStubs.provider(department, stub, calls));
        }
        QuarkusMock.installMockForType(new SharedDataProviders(providers), SharedDataProviders.class);
    }

    @Test
    void theSharingFetcherReplacesTheDefault() {
        assertInstanceOf(SharingMaterialFetcher.class, ClientProxy.unwrap(fetcher));
    }

    @Test
    void birthMedicalCertificateByTheChildAndTheApplicantParent() throws Exception {
        useStubFor(SourceDepartment.values());
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        Member father = family.member(Relationship.HEAD);
        Member mother = family.member(Relationship.SPOUSE);
        stub.then(ProviderStub.answer(200, JSON.writeValueAsString(Map.of("reference", "Q500108260077",
                "facts", Map.of("childName", "测试宝宝", "childSex", "M", "childBirthDate", "2026-09-25",
                        "fatherName", father.name(), "fatherIdNumber", father.idNumber(),
                        "motherName", mother.name(), "motherIdNumber", mother.idNumber(),
                        "birthPlace", "重庆市南岸区妇幼保健院(test)"),
                "subjects", List.of(father.idNumber(), mother.idNumber())))));

        Fetched fetched = assertInstanceOf(Fetched.class, fetcher.fetch(request("BIRTH_REGISTRATION",
                "BIRTH_MEDICAL_CERTIFICATE", SourceDepartment.HEALTH, father.id(), form("childName", "测试宝宝",
                        "childSex", "M", "childBirthDate", "2026-09-25", "childEthnicity", "汉族"))));

        assertEquals("Q500108260077", fetched.reference());
        assertEquals(clock.now(), fetched.retrievedAt());
        assertEquals("测试宝宝", fetched.evidence().get("childName"));
        assertEquals(PersonalDataMasks.idNumber(father.idNumber()), fetched.evidence().get("fatherIdNumber"));
        assertEquals(PersonalDataMasks.idNumber(mother.idNumber()), fetched.evidence().get("motherIdNumber"));
        String canonical = JSON.writeValueAsString(fetched.evidence());
        assertFalse(canonical.contains(father.idNumber()) || canonical.contains(mother.idNumber()), canonical);
        assertEquals(sha256(canonicalJson(fetched.evidence())), fetched.digest());

        JsonNode sent = stub.requests().get(0).body();
        assertEquals("/birth-medical-certificates", stub.requests().get(0).path());
        assertEquals("测试宝宝", sent.get("childName").asText());
        assertEquals("2026-09-25", sent.get("childBirthDate").asText());
        assertEquals(father.idNumber(), sent.get("parentIdNumber").asText());

        // the applicant and the other parent the record names; the newborn is not registered yet
        for (Member parent : List.of(father, mother)) {
            AccessRecord record = onlyAccess(parent.id());
            assertEquals(AccessorType.SYSTEM, record.accessorType());
            assertEquals("shared-material", record.what());
            assertTrue(record.purpose().contains("出生登记") && record.purpose().contains("出生医学证明"),
                    record.purpose());
            assertTrue(record.accessorLabel().contains("卫生健康"), record.accessorLabel());
            assertTrue(record.legalBasis().contains("户口登记条例"), record.legalBasis());
        }
    }

    @Test
    void deathMedicalCertificateByTheDeceasedsIdNumberAndNoRecord() {
        useStubFor(SourceDepartment.values());
        Family family = fixtures.household(Relationship.HEAD, Relationship.FATHER);
        Member applicant = family.member(Relationship.HEAD);
        Member deceased = family.member(Relationship.FATHER);
        stub.then(ProviderStub.answer(404, ""));

        Unavailable unavailable = assertInstanceOf(Unavailable.class, fetcher.fetch(request("DEATH_DEREGISTRATION",
                "DEATH_MEDICAL_CERTIFICATE", SourceDepartment.HEALTH, applicant.id(),
                form("deceasedPersonId", deceased.id().toString(), "dateOfDeath", "2026-09-28"))));
        assertEquals("no-record", unavailable.reason());
        assertTrue(unavailable.detail().contains("死亡医学证明"), unavailable.detail());

        assertEquals("/death-medical-certificates", stub.requests().get(0).path());
        assertEquals(deceased.idNumber(), stub.requests().get(0).body().get("deceasedIdNumber").asText());
        for (Member person : List.of(applicant, deceased)) {
            assertTrue(onlyAccess(person.id()).purpose().contains("死亡注销"));
        }
    }

    @Test
    void deathMedicalCertificateFound() throws Exception {
        useStubFor(SourceDepartment.HEALTH);
        Family family = fixtures.household(Relationship.HEAD, Relationship.MOTHER);
        Member deceased = family.member(Relationship.MOTHER);
        stub.then(ProviderStub.answer(200, JSON.writeValueAsString(Map.of("reference", "D500108260003",
                "facts", Map.of("deceasedName", deceased.name(), "deceasedIdNumber", deceased.idNumber(),
                        "dateOfDeath", "2026-09-28", "issuedBy", "重庆市南岸区人民医院(test)"),
                "subjects", List.of(deceased.idNumber())))));
        Fetched fetched = assertInstanceOf(Fetched.class, fetcher.fetch(request("DEATH_DEREGISTRATION",
                "DEATH_MEDICAL_CERTIFICATE", SourceDepartment.HEALTH, family.member(Relationship.HEAD).id(),
                form("deceasedPersonId", deceased.id().toString(), "dateOfDeath", "2026-09-28"))));
        assertEquals("D500108260003", fetched.reference());
        assertEquals(PersonalDataMasks.idNumber(deceased.idNumber()), fetched.evidence().get("deceasedIdNumber"));
        assertEquals(1, accesses(deceased.id()).size(), "one record per person, however often named");
    }

    @Test
    void marriageByTheApplicantAndTheSpouseTheRegisterShows() throws Exception {
        useStubFor(SourceDepartment.values());
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE, Relationship.SON);
        Member head = family.member(Relationship.HEAD);
        Member spouse = family.member(Relationship.SPOUSE);
        stub.then(ProviderStub.answer(200, JSON.writeValueAsString(Map.of("reference", "J500108-2012-000042",
                "facts", Map.of("registeredOn", "2012-10-01", "spouses", List.of(
                        Map.of("name", head.name(), "idNumber", head.idNumber()),
                        Map.of("name", spouse.name(), "idNumber", spouse.idNumber()))),
                "subjects", List.of(head.idNumber(), spouse.idNumber())))));

        Fetched fetched = assertInstanceOf(Fetched.class, fetcher.fetch(request("BIRTH_REGISTRATION",
                "MARRIAGE_CERTIFICATE", SourceDepartment.CIVIL_AFFAIRS, spouse.id(),
                form("childName", "测试宝宝", "childSex", "F", "childBirthDate", "2026-09-25"))));

        assertEquals("J500108-2012-000042", fetched.reference());
        String evidence = JSON.writeValueAsString(fetched.evidence());
        assertFalse(evidence.contains(head.idNumber()) || evidence.contains(spouse.idNumber()), evidence);
        assertTrue(evidence.contains(PersonalDataMasks.idNumber(head.idNumber())), evidence);
        JsonNode sent = stub.requests().get(0).body();
        assertEquals("/marriages", stub.requests().get(0).path());
        assertEquals(spouse.idNumber(), sent.get("idNumber").asText());
        assertEquals(head.idNumber(), sent.get("spouseIdNumber").asText());
        assertEquals(1, accesses(head.id()).size());
        assertTrue(onlyAccess(spouse.id()).accessorLabel().contains("民政"));
        assertTrue(accesses(family.member(Relationship.SON).id()).isEmpty());
    }

    @Test
    void propertyForAMoveInIsOfTheReceivingHouseholdsAddress() throws Exception {
        useStubFor(SourceDepartment.values());
        Member applicant = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        Family target = fixtures.household(Relationship.HEAD);
        HouseholdView receiving = registry.household(target.householdId()).orElseThrow();
        stub.then(ProviderStub.answer(200, JSON.writeValueAsString(Map.of("reference", "渝(2026)南岸区不动产权第000001号",
                "facts", Map.of("address", receiving.address(), "owners",
                        List.of(Map.of("idNumber", applicant.idNumber()))),
                "subjects", List.of(applicant.idNumber())))));

        Fetched fetched = assertInstanceOf(Fetched.class, fetcher.fetch(request("MOVE_IN", "PROPERTY_CERTIFICATE",
                SourceDepartment.HOUSING, applicant.id(), form("targetHouseholdNumber", target.householdNumber(),
                        "relationshipToHead", "OTHER"))));
        assertEquals("渝(2026)南岸区不动产权第000001号", fetched.reference());
        JsonNode sent = stub.requests().get(0).body();
        assertEquals("/property-records", stub.requests().get(0).path());
        assertEquals(applicant.idNumber(), sent.get("ownerIdNumber").asText());
        assertEquals(receiving.address(), sent.get("address").asText());
        assertTrue(onlyAccess(applicant.id()).purpose().contains("不动产权"));
        assertTrue(accesses(target.member(Relationship.HEAD).id()).isEmpty());
    }

    @Test
    void propertyForAnAddressChangeIsOfTheNewAddress() {
        useStubFor(SourceDepartment.values());
        Member applicant = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        stub.then(ProviderStub.answer(404, ""));
        Unavailable unavailable = assertInstanceOf(Unavailable.class, fetcher.fetch(request("ADDRESS_CHANGE",
                "PROPERTY_CERTIFICATE", SourceDepartment.HOUSING, applicant.id(),
                form("newAddress", "重庆市南岸区新地址2号(test)"))));
        assertEquals("no-record", unavailable.reason());
        assertEquals("重庆市南岸区新地址2号(test)", stub.requests().get(0).body().get("address").asText());
        assertEquals(1, accesses(applicant.id()).size());
    }

    @Test
    void aSourceThatIsDownIsUnavailableNeverAnExceptionAndTheAttemptIsRecorded() {
        useStubFor(SourceDepartment.values());
        Member applicant = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        stub.byDefault(ProviderStub.answer(503, ""));
        Unavailable unavailable = assertInstanceOf(Unavailable.class, fetcher.fetch(request("ADDRESS_CHANGE",
                "PROPERTY_CERTIFICATE", SourceDepartment.HOUSING, applicant.id(), form("newAddress", "某地(test)"))));
        assertEquals("source-unavailable", unavailable.reason());
        assertTrue(unavailable.detail().contains("上传"), unavailable.detail());
        assertEquals(1, accesses(applicant.id()).size());

        stub.byDefault(ProviderStub.dropConnection());
        assertEquals("source-unavailable", ((Unavailable) fetcher.fetch(request("ADDRESS_CHANGE",
                "PROPERTY_CERTIFICATE", SourceDepartment.HOUSING, applicant.id(), form("newAddress", "某地(test)"))))
                .reason());
    }

    @Test
    void aDepartmentThatIsOffIsUnavailableAndNothingIsSentOrRecorded() {
        useStubFor(SourceDepartment.HEALTH);
        Member applicant = fixtures.household(Relationship.HEAD).member(Relationship.HEAD);
        Unavailable unavailable = assertInstanceOf(Unavailable.class, fetcher.fetch(request("ADDRESS_CHANGE",
                "PROPERTY_CERTIFICATE", SourceDepartment.HOUSING, applicant.id(), form("newAddress", "某地(test)"))));
        assertEquals("source-unavailable", unavailable.reason());
        assertTrue(stub.requests().isEmpty());
        assertTrue(accesses(applicant.id()).isEmpty());
    }

    @Test
    void aFormWithoutWhatTheQueryNeedsIsNoRecordWithoutAsking() {
        useStubFor(SourceDepartment.values());
        Family family = fixtures.household(Relationship.HEAD, Relationship.SPOUSE);
        UUID head = family.member(Relationship.HEAD).id();
        assertEquals("no-record", ((Unavailable) fetcher.fetch(request("BIRTH_REGISTRATION",
                "BIRTH_MEDICAL_CERTIFICATE", SourceDepartment.HEALTH, head, form("childName", "测试宝宝",
                        "childBirthDate", "not a date")))).reason());
        assertEquals("no-record", ((Unavailable) fetcher.fetch(request("DEATH_DEREGISTRATION",
                "DEATH_MEDICAL_CERTIFICATE", SourceDepartment.HEALTH, head, form("deceasedPersonId",
                        UUID.randomUUID().toString())))).reason());
        assertEquals("no-record", ((Unavailable) fetcher.fetch(request("MOVE_IN", "PROPERTY_CERTIFICATE",
                SourceDepartment.HOUSING, head, form("targetHouseholdNumber", "0000000000000")))).reason());
        assertEquals("source-unavailable", ((Unavailable) fetcher.fetch(request("MOVE_IN", "ID_PHOTO", null, head,
                form()))).reason());
        assertTrue(stub.requests().isEmpty());
        assertTrue(accesses(head).isEmpty());
    }

    @Test
    void theDemoBirthOfTheFormsExampleIsFetchedForZhangWei() {
        // the configured (demo) departments; 张伟's demo household is read, never changed
        HouseholdView demo = registry.householdByNumber("5001030100001").orElseThrow();
        UUID zhangWei = demo.headPersonId();
        Fetched fetched = assertInstanceOf(Fetched.class, fetcher.fetch(request("BIRTH_REGISTRATION",
                "BIRTH_MEDICAL_CERTIFICATE", SourceDepartment.HEALTH, zhangWei, form("childName", "张小满",
                        "childSex", "F", "childBirthDate", "2026-09-20", "childEthnicity", "汉族"))));
        assertEquals("Q500103260001", fetched.reference());
        assertEquals("F", fetched.evidence().get("childSex"));
        assertEquals("500103********0516", fetched.evidence().get("fatherIdNumber"));
        assertEquals("500103********0424", fetched.evidence().get("motherIdNumber"));
        Fetched marriage = assertInstanceOf(Fetched.class, fetcher.fetch(request("BIRTH_REGISTRATION",
                "MARRIAGE_CERTIFICATE", SourceDepartment.CIVIL_AFFAIRS, zhangWei, form("childName", "张小满",
                        "childSex", "F", "childBirthDate", "2026-09-20"))));
        assertEquals("J500103-2016-000518", marriage.reference());
        assertEquals("no-record", ((Unavailable) fetcher.fetch(request("BIRTH_REGISTRATION",
                "BIRTH_MEDICAL_CERTIFICATE", SourceDepartment.HEALTH, zhangWei, form("childName", "张小满",
                        "childSex", "F", "childBirthDate", "2026-09-21")))).reason());
        assertNull(fetched.evidence().get("reference"));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static Request request(String service, String material, SourceDepartment department, UUID applicant,
            JsonNode form) {
        return new Request(UUID.randomUUID(), service, material, department, applicant, form);
    }

    private static JsonNode form(String... fields) {
        ObjectNode form = JSON.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return form;
    }

    private List<AccessRecord> accesses(UUID personId) {
        return accessLog.listForPerson(personId, null, 100).items();
    }

    private AccessRecord onlyAccess(UUID personId) {
        List<AccessRecord> records = accesses(personId);
        assertEquals(1, records.size(), "access records of " + personId);
        return records.get(0);
    }

    /** Canonical JSON written independently of the fetcher: keys sorted at every level, no blanks. */
    @SuppressWarnings("unchecked")
    private static String canonicalJson(Object value) throws Exception {
        if (value instanceof Map<?, ?> map) {
            StringBuilder json = new StringBuilder("{");
            new java.util.TreeMap<>((Map<String, Object>) map).forEach((key, element) -> {
                if (json.length() > 1) {
                    json.append(',');
                }
                try {
                    json.append(JSON.writeValueAsString(key)).append(':').append(canonicalJson(element));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return json.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder json = new StringBuilder("[");
            for (Object element : list) {
                json.append(json.length() > 1 ? "," : "").append(canonicalJson(element));
            }
            return json.append(']').toString();
        }
        return JSON.writeValueAsString(value);
    }

    private static String sha256(String text) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
