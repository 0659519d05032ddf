package org.errandless.sharing;

import static io.restassured.RestAssured.given;
import static org.errandless.sharing.PartnerCheckTest.RESIDENCY;
import static org.errandless.sharing.PartnerCheckTest.body;
import static org.errandless.sharing.PartnerCheckTest.post;
import static org.errandless.sharing.PartnerCheckTest.problem;
import static org.errandless.sharing.PartnerCheckTest.relationship;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Set;

import jakarta.inject.Inject;

import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestPartners;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DataAccessTest {

    static final String DATA_ACCESS = "/api/v1/me/data-access";

    @Inject
    RegistryFixtures fixtures;

    @Test
    void theCitizenSeesAPartnerCheckAboutThemInPlainWords() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SON);
        TestCitizens.SignedIn head = TestCitizens.boundTo(family.member(Relationship.HEAD).id());
        TestPartners.Client client = TestPartners.create(100, "registry.person.read", "registry.household.read");
        String token = TestPartners.token(client);
        post(token, RESIDENCY, body(family.member(Relationship.HEAD).idNumber(), "SOCIAL_ASSISTANCE")).statusCode(200);
        relationship(token, family.member(Relationship.HEAD).idNumber(), family.member(Relationship.SON).idNumber())
                .statusCode(200);

        given().auth().oauth2(head.accessToken()).get(DATA_ACCESS).then().statusCode(200)
                .body("items", hasSize(2)).body("nextCursor", nullValue())
                .body("items[0].keySet()",
                        equalTo(Set.of("when", "who", "what", "purpose", "legalBasis", "count", "lastAt")))
                .body("items.count", equalTo(java.util.List.of(1, 1)))
                .body("items.who", equalTo(java.util.List.of(client.department(), client.department())))
                .body("items.what", equalTo(java.util.List.of("家庭关系核验", "户籍居住状态核验")))
                .body("items[1].purpose", equalTo("最低生活保障审核确认"))
                .body("items[1].legalBasis", equalTo("《社会救助暂行办法》"))
                .body("items[1].when", notNullValue());
        given().auth().oauth2(head.accessToken()).header("Accept-Language", "en").get(DATA_ACCESS).then()
                .statusCode(200).body("items[1].what", equalTo("Residency check"));
        // cursor pages, newest first
        String cursor = given().auth().oauth2(head.accessToken()).queryParam("limit", 1).get(DATA_ACCESS).then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].what", equalTo("家庭关系核验"))
                .extract().path("nextCursor");
        given().auth().oauth2(head.accessToken()).queryParam("limit", 1).queryParam("cursor", cursor)
                .get(DATA_ACCESS).then().statusCode(200).body("items[0].what", equalTo("户籍居住状态核验"));
    }

    @Test
    void aCitizenSeesOnlyRecordsAboutTheirOwnPerson() {
        RegistryFixtures.Family family = fixtures.household(Relationship.HEAD, Relationship.SON);
        TestCitizens.SignedIn son = TestCitizens.boundTo(family.member(Relationship.SON).id());
        String token = TestPartners.token(TestPartners.create(100, "registry.person.read"));
        post(token, RESIDENCY, body(family.member(Relationship.HEAD).idNumber(), "SOCIAL_ASSISTANCE")).statusCode(200);
        given().auth().oauth2(son.accessToken()).get(DATA_ACCESS).then().statusCode(200).body("items", empty());
    }

    @Test
    void anAccountWithoutAPersonHasAnEmptyList() {
        given().auth().oauth2(TestCitizens.signIn().accessToken()).get(DATA_ACCESS).then().statusCode(200)
                .body("items", empty()).body("nextCursor", nullValue());
    }

    @Test
    void refusesStrangersOtherRolesAndBadCursors() {
        problem(given().get(DATA_ACCESS).then(), 401, "unauthorized");
        problem(given().auth().oauth2(TestPartners.token(TestPartners.create(1, "registry.person.read")))
                .get(DATA_ACCESS).then(), 403, "forbidden");
        String citizen = TestCitizens.signIn().accessToken();
        problem(given().auth().oauth2(citizen).queryParam("cursor", "nonsense").get(DATA_ACCESS).then(), 400,
                "validation-failed");
        problem(given().auth().oauth2(citizen).queryParam("limit", "0").get(DATA_ACCESS).then(), 400,
                "validation-failed");
    }
}
