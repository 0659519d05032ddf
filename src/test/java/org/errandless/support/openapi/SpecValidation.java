package org.errandless.support.openapi;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.restassured.RestAssured;

/**
 * Puts the {@link SpecValidationFilter} in front of every REST Assured request of every test class, so no HTTP test
 * can receive an answer the published spec does not describe. Registered for all tests by JUnit's extension
 * auto-detection: {@code META-INF/services/org.junit.jupiter.api.extension.Extension} names it, and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} comes with {@code quarkus-junit}'s own
 * {@code junit-platform.properties} (a second such file would replace it). Installed again before each test because a
 * test may reset REST Assured.
 */
public final class SpecValidation implements BeforeAllCallback, BeforeEachCallback {

    private static final SpecValidationFilter FILTER = new SpecValidationFilter();

    @Override
    public void beforeAll(ExtensionContext context) {
        SpecValidationFilter.testStarting(context.getRequiredTestClass().getName());
        install();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SpecValidationFilter.testStarting(context.getRequiredTestClass().getName() + "#"
                + context.getRequiredTestMethod().getName());
        install();
    }

    /** Adds the filter to REST Assured's global filters unless it is there. */
    public static void install() {
        if (RestAssured.filters().stream().noneMatch(filter -> filter instanceof SpecValidationFilter)) {
            RestAssured.filters(FILTER);
        }
    }
}
