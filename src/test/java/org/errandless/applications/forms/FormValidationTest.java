package org.errandless.applications.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.errandless.common.problem.Problem;

/** Validation of forms against the shipped schemas: fixed cases, one per rule, and the shipped examples. */
class FormValidationTest {

    private final CatalogServiceRules rules = ShippedForms.rules();

    private List<Problem.InvalidParam> validate(String code, String form) throws Exception {
        JsonNode node = form == null ? null : ShippedForms.JSON.readTree(form);
        return rules.validate(ShippedForms.service(code), node);
    }

    private static List<String> render(List<Problem.InvalidParam> problems) {
        return problems.stream().map(problem -> problem.name() + ":" + problem.code()).toList();
    }

    @Test
    void everyServiceOfTheCatalogueShipsASchema() {
        assertEquals(List.of("BIRTH_REGISTRATION", "MOVE_IN", "HOUSEHOLD_CERTIFICATE", "ID_CARD_RENEWAL",
                "ADDRESS_CHANGE", "DEATH_DEREGISTRATION"), ShippedForms.codes());
    }

    @ParameterizedTest
    @MethodSource("org.errandless.applications.forms.ShippedForms#codes")
    void theFirstExampleIsValid(String code) throws Exception {
        Map<String, Object> schema = ShippedForms.schema(code);
        List<?> examples = (List<?>) schema.get("examples");
        assertEquals(List.of(), validate(code, ShippedForms.JSON.writeValueAsString(examples.get(0))));
    }

    @ParameterizedTest
    @MethodSource("org.errandless.applications.forms.ShippedForms#codes")
    void aMissingFormIsOneRequiredProblemPerRequiredField(String code) throws Exception {
        List<?> required = (List<?>) ShippedForms.schema(code).get("required");
        List<String> expected = required.stream().map(name -> name + ":required").toList();
        assertEquals(expected, render(validate(code, null)));
        assertEquals(expected, render(validate(code, "{}")));
        assertEquals(expected,
                render(rules.validate(ShippedForms.service(code), JsonNodeFactory.instance.nullNode())));
    }

    @Test
    void theBirthFormExampleOfFormsMdIsValid() throws Exception {
        assertEquals(List.of(), validate("BIRTH_REGISTRATION",
                "{\"childName\": \"张小满\", \"childSex\": \"F\", \"childBirthDate\": \"2026-09-20\", \"childEthnicity\": \"汉族\"}"));
        assertEquals(List.of(), validate("BIRTH_REGISTRATION",
                "{\"childName\": \"张小满\", \"childSex\": \"F\", \"childBirthDate\": \"2026-09-20\"}"));
    }

    @Test
    void eachBirthFieldIsReportedUnderItsOwnName() throws Exception {
        List<Problem.InvalidParam> problems = validate("BIRTH_REGISTRATION", "{\"childName\": \"" + "张".repeat(51)
                + "\", \"childSex\": \"X\", \"childBirthDate\": \"2026-02-30\", \"childEthnicity\": \"火星族\", "
                + "\"mother\": \"李娜\"}");
        assertEquals(List.of("childName:too-long", "childSex:invalid", "childBirthDate:invalid",
                "childEthnicity:invalid", "mother:unknown-field"), render(problems));
        assertEquals("is longer than 50 characters", problems.get(0).reason());
        assertEquals("must be one of M, F", problems.get(1).reason());
    }

    @Test
    void aBlankOrEmptyOrNonTextNameIsReported() throws Exception {
        assertEquals(List.of("childName:required"), render(validate("BIRTH_REGISTRATION",
                "{\"childName\": \"\", \"childSex\": \"M\", \"childBirthDate\": \"2026-09-20\"}")));
        assertEquals(List.of("childName:invalid"), render(validate("BIRTH_REGISTRATION",
                "{\"childName\": \"   \", \"childSex\": \"M\", \"childBirthDate\": \"2026-09-20\"}")));
        assertEquals(List.of("childName:invalid"), render(validate("BIRTH_REGISTRATION",
                "{\"childName\": 42, \"childSex\": \"M\", \"childBirthDate\": \"2026-09-20\"}")));
    }

    @Test
    void aBirthDateMustLieWithinTheLastYear() throws Exception {
        String form = "{\"childName\": \"张小满\", \"childSex\": \"F\", \"childBirthDate\": \"%s\"}";
        assertEquals(List.of(), validate("BIRTH_REGISTRATION", form.formatted("2026-09-30")));
        assertEquals(List.of(), validate("BIRTH_REGISTRATION", form.formatted("2025-09-30")));
        assertEquals(List.of("childBirthDate:out-of-range"),
                render(validate("BIRTH_REGISTRATION", form.formatted("2026-10-01"))));
        assertEquals(List.of("childBirthDate:out-of-range"),
                render(validate("BIRTH_REGISTRATION", form.formatted("2025-09-29"))));
        assertEquals(List.of("childBirthDate:invalid"),
                render(validate("BIRTH_REGISTRATION", form.formatted("30.09.2026"))));
    }

    @Test
    void aDateOfDeathMustNotBeInTheFuture() throws Exception {
        String form = "{\"deceasedPersonId\": \"5519c663-f094-3857-97fa-5a99f23586a7\", \"dateOfDeath\": \"%s\"}";
        assertEquals(List.of(), validate("DEATH_DEREGISTRATION", form.formatted("2026-09-30")));
        assertEquals(List.of(), validate("DEATH_DEREGISTRATION", form.formatted("1990-01-01")));
        assertEquals(List.of("dateOfDeath:out-of-range"),
                render(validate("DEATH_DEREGISTRATION", form.formatted("2026-10-01"))));
        assertEquals(List.of("deceasedPersonId:invalid"), render(validate("DEATH_DEREGISTRATION",
                "{\"deceasedPersonId\": \"500103201809050330\", \"dateOfDeath\": \"2026-09-25\"}")));
    }

    @Test
    void moveInRefusesHeadAndOddHouseholdNumbers() throws Exception {
        assertEquals(List.of("targetHouseholdNumber:invalid", "relationshipToHead:invalid"), render(validate(
                "MOVE_IN", "{\"targetHouseholdNumber\": \"5001 0601\", \"relationshipToHead\": \"HEAD\"}")));
        assertEquals(List.of("targetHouseholdNumber:too-long"), render(validate("MOVE_IN",
                "{\"targetHouseholdNumber\": \"" + "1".repeat(21) + "\", \"relationshipToHead\": \"SON\"}")));
    }

    @Test
    void aFormThatIsNoObjectIsOneProblem() throws Exception {
        assertEquals(List.of("form:invalid"), render(validate("ID_CARD_RENEWAL", "[\"EXPIRED\"]")));
        assertEquals(List.of("form:invalid"), render(validate("ID_CARD_RENEWAL", "\"EXPIRED\"")));
    }

    @Test
    void aServiceWithoutSchemaTakesOnlyAnEmptyForm() throws Exception {
        var service = new org.errandless.catalog.ServiceItemView("PASSPORT", ShippedForms.service("MOVE_IN").name(),
                List.of(), ShippedForms.service("MOVE_IN").timeLimit(),
                ShippedForms.service("MOVE_IN").minimumAssuranceLevel(), ShippedForms.service("MOVE_IN").handlingMode(),
                false, null);
        assertEquals(List.of(), rules.validate(service, null));
        assertEquals(List.of(), rules.validate(service, ShippedForms.JSON.readTree("{}")));
        assertTrue(render(rules.validate(service, ShippedForms.JSON.readTree("{\"x\": 1}")))
                .contains("x:unknown-field"));
    }
}
