package org.errandless.support.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * The spec validation reaches {@code @QuarkusTest} classes (on by default): the filter sits in the REST Assured this
 * class (loaded by Quarkus' test class loader) really uses, and {@link OffSpec} takes it out.
 */
@QuarkusTest
class QuarkusSpecValidationTest {

    @Test
    void theFilterGuardsTheRestAssuredOfTheQuarkusClassLoader() {
        assumeTrue(QuarkusSpecValidation.enabled(), "switched off with -D" + QuarkusSpecValidation.SWITCH + "=false");
        Filter filter = RestAssured.filters().stream().filter(f -> f instanceof SpecValidationFilter).findFirst()
                .orElseThrow(() -> new AssertionError("no SpecValidationFilter in " + RestAssured.filters()));
        // the filter class of this (Quarkus) class loader, not the system class loader's
        assertSame(SpecValidationFilter.class, filter.getClass());
        // a documented answer passes through it
        given().when().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void installedOnceHoweverManyTestsRun() {
        assumeTrue(QuarkusSpecValidation.enabled(), "switched off with -D" + QuarkusSpecValidation.SWITCH + "=false");
        assertTrue(RestAssured.filters().stream().filter(f -> f instanceof SpecValidationFilter).count() == 1,
                RestAssured.filters().toString());
    }

    @Test
    void onUnlessSwitchedOff() {
        assertTrue(QuarkusSpecValidation.enabled(null));
        assertTrue(QuarkusSpecValidation.enabled("true"));
        // a bare -Derrandless.spec-validation.quarkus
        assertTrue(QuarkusSpecValidation.enabled(""));
        assertFalse(QuarkusSpecValidation.enabled("false"));
        assertFalse(QuarkusSpecValidation.enabled(" FALSE "));
    }

    @Test
    @OffSpec
    void offSpecTakesItOut() {
        assertFalse(RestAssured.filters().stream().anyMatch(f -> f instanceof SpecValidationFilter),
                RestAssured.filters().toString());
    }
}
