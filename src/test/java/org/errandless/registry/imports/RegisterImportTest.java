package org.errandless.registry.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.registry.HouseholdView;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegisterChangeKind;
import org.errandless.registry.RegisterChangeView;
import org.errandless.registry.RegistryService;
import org.errandless.registry.Relationship;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Register imports through the API: idempotent re-import, a later extract with changes recorded in the history
 * with the import's id, partial rejection. Every test imports stations, households and people of its own.
 */
@QuarkusTest
class RegisterImportTest {

    static final String PATH = "/api/v1/admin/register-imports";
    static final String NDJSON = "application/x-ndjson; charset=UTF-8";

    @Inject
    RegisterImportWorker worker;
    @Inject
    RegistryService registry;

    /** Posts an extract as an admin: 202, QUEUED. */
    static String post(Extract extract) {
        Response response = given().auth().oauth2(TestTokens.admin()).contentType(NDJSON).body(extract.bytes())
                .post(PATH);
        response.then().statusCode(202).body("state", equalTo("QUEUED"))
                .header("Location", containsString("/api/v1/admin/register-imports/"));
        String id = response.jsonPath().getString("id");
        assertTrue(response.getHeader("Location").endsWith("/" + id));
        return id;
    }

    /** Applies what is queued and answers the import. */
    JsonPath applied(String id) {
        worker.drain();
        return given().auth().oauth2(TestTokens.admin()).get(PATH + "/" + id).then().statusCode(200)
                .body("state", equalTo("SUCCEEDED")).extract().jsonPath();
    }

    @Test
    void theSameExtractTwiceChangesNothingTheSecondTime() {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区测试一派出所(test)");
        String first = extract.family(station, Relationship.HEAD, Relationship.SPOUSE, Relationship.SON);
        String second = extract.family(station, Relationship.HEAD, Relationship.DAUGHTER);

        JsonPath once = applied(post(extract));
        assertEquals(1 + 2 + 5, once.getLong("created"));
        assertEquals(0, once.getLong("updated"));
        assertEquals(0, once.getLong("unchanged"));
        assertEquals(0, once.getLong("rejected"));
        assertEquals(5, once.getLong("byType.persons.created"));
        assertEquals(extract.nextLine() - 1, once.getLong("linesRead"));

        HouseholdView household = registry.householdByNumber((String) extract.get(first).get("number")).orElseThrow();
        assertEquals(3, household.members().size());
        PersonView head = household.members().get(0);
        assertEquals(Relationship.HEAD, head.relationship());
        assertEquals(head.id(), household.headPersonId());
        assertEquals(station, household.station().code());
        int history = registry.changesOfHousehold(household.id()).size();

        String againId = post(extract);
        JsonPath again = applied(againId);
        assertEquals(0, again.getLong("created"));
        assertEquals(0, again.getLong("updated"));
        assertEquals(8, again.getLong("unchanged"));
        assertEquals(0, again.getLong("rejected"));
        assertEquals(once.getString("sha256"), again.getString("sha256"));
        assertEquals(history, registry.changesOfHousehold(household.id()).size());
        assertEquals(List.of(), registry.changesOfImport(UUID.fromString(againId)));
        assertEquals(2, registry.householdByNumber((String) extract.get(second).get("number")).orElseThrow()
                .members().size());
    }

    @Test
    void aLaterExtractUpdatesWhatChangedAndRecordsEachChangeWithTheImport() {
        String station = Extract.newStationCode();
        Extract extract = new Extract().station(station, "武隆区测试二派出所(test)");
        String a = extract.family(station, Relationship.HEAD, Relationship.SPOUSE, Relationship.SON);
        String b = extract.family(station, Relationship.HEAD, Relationship.DAUGHTER);
        applied(post(extract));
        List<String> ofA = extract.members(a);
        List<String> ofB = extract.members(b);
        HouseholdView before = registry.householdByNumber((String) extract.get(a).get("number")).orElseThrow();
        HouseholdView beforeB = registry.householdByNumber((String) extract.get(b).get("number")).orElseThrow();

        extract.get(a).put("address", "重庆市武隆区新地址路9号(test)");
        extract.get(ofA.get(1)).put("name", "改名" + ofA.get(1).substring(4, 9));
        extract.get(ofA.get(2)).put("mobile", Extract.newMobile());
        extract.get(ofB.get(1)).put("household", a);
        extract.get(ofB.get(0)).put("status", "DECEASED");
        String id = post(extract);
        JsonPath later = applied(id);

        assertEquals(0, later.getLong("created"));
        assertEquals(1 + 4, later.getLong("updated"));
        assertEquals(1 + 1 + 1, later.getLong("unchanged"));
        assertEquals(1, later.getLong("byType.households.updated"));
        assertEquals(4, later.getLong("byType.persons.updated"));
        assertEquals(1, later.getLong("byType.persons.unchanged"));

        HouseholdView afterA = registry.household(before.id()).orElseThrow();
        assertEquals("重庆市武隆区新地址路9号(test)", afterA.address());
        assertEquals(4, afterA.members().size());
        assertEquals(before.headPersonId(), afterA.headPersonId());
        HouseholdView afterB = registry.household(beforeB.id()).orElseThrow();
        assertEquals(List.of(), afterB.members());
        assertEquals(null, afterB.headPersonId());

        List<RegisterChangeView> changes = registry.changesOfImport(UUID.fromString(id));
        assertTrue(changes.stream().allMatch(change -> UUID.fromString(id).equals(change.importId())));
        Map<RegisterChangeKind, Long> kinds = changes.stream().collect(java.util.stream.Collectors.groupingBy(
                RegisterChangeView::kind, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        assertEquals(Map.of(RegisterChangeKind.ADDRESS_CHANGED, 1L, RegisterChangeKind.UPDATED, 2L,
                RegisterChangeKind.MOVED_OUT, 1L, RegisterChangeKind.MOVED_IN, 1L, RegisterChangeKind.DECEASED, 1L,
                RegisterChangeKind.HEAD_CHANGED, 1L), kinds);
        RegisterChangeView moveOut = changes.stream().filter(change -> change.kind() == RegisterChangeKind.MOVED_OUT)
                .findFirst().orElseThrow();
        assertEquals(beforeB.id(), moveOut.householdId());
        assertTrue(moveOut.afterSummary().contains("changed=household"), moveOut.afterSummary());
        RegisterChangeView mobile = changes.stream().filter(change -> change.kind() == RegisterChangeKind.UPDATED
                && change.afterSummary().endsWith("changed=mobile")).findFirst().orElseThrow();
        assertTrue(mobile.beforeSummary().startsWith("household="), mobile.beforeSummary());
        for (RegisterChangeView change : changes) {
            for (Map<String, Object> record : extract.records.values()) {
                for (String secret : new String[] { (String) record.get("idNumber"), (String) record.get("mobile") }) {
                    if (secret != null) {
                        assertTrue(!String.valueOf(change.beforeSummary()).contains(secret)
                                && !change.afterSummary().contains(secret), "a number in the history");
                    }
                }
            }
        }

        JsonPath again = applied(post(extract));
        assertEquals(0, again.getLong("updated"));
        assertEquals(8, again.getLong("unchanged"));
    }
}
