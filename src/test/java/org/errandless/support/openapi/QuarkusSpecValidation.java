package org.errandless.support.openapi;

import java.lang.reflect.Method;
import java.util.List;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * {@link SpecValidation} for {@code @QuarkusTest} classes. JUnit loads its extensions with the system class loader,
 * but a {@code @QuarkusTest} class runs in Quarkus' test class loader and uses <em>that</em> loader's
 * {@link RestAssured}, whose global filters the JUnit extension never reaches. Quarkus loads this callback (named in
 * {@code META-INF/services/io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback}) in the test's own class
 * loader, so the filter it installs is the one the test's requests pass through.
 *
 * <p>Before each test it installs the filter (once; a test may have reset REST Assured), or removes it when the test
 * method or class carries {@link OffSpec}. On by default; the system property {@value #SWITCH}{@code =false}
 * switches it off.
 */
public final class QuarkusSpecValidation implements QuarkusTestBeforeEachCallback {

    /** The system property that switches the validation of {@code @QuarkusTest} classes off ({@code false}). */
    public static final String SWITCH = "errandless.spec-validation.quarkus";

    private static final SpecValidationFilter FILTER = new SpecValidationFilter();

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        Object instance = context.getTestInstance();
        SpecValidationFilter.testStarting((instance == null ? "?" : instance.getClass().getName()) + "#"
                + (context.getTestMethod() == null ? "?" : context.getTestMethod().getName()));
        if (enabled() && !offSpec(context.getTestInstance(), context.getTestMethod())) {
            install();
        } else {
            List<Filter> others = RestAssured.filters().stream()
                    .filter(filter -> !(filter instanceof SpecValidationFilter)).toList();
            if (others.size() != RestAssured.filters().size()) {
                RestAssured.replaceFiltersWith(others);
            }
        }
    }

    /** Whether {@code @QuarkusTest} classes are validated: yes, unless {@value #SWITCH} is {@code false}. */
    public static boolean enabled() {
        return enabled(System.getProperty(SWITCH));
    }

    /** Whether a value of {@value #SWITCH} (null: not set) leaves the validation on. */
    static boolean enabled(String value) {
        return value == null || !"false".equalsIgnoreCase(value.strip());
    }

    static boolean offSpec(Object testInstance, Method method) {
        if (method != null && method.isAnnotationPresent(OffSpec.class)) {
            return true;
        }
        for (Class<?> type = testInstance == null ? null : testInstance.getClass(); type != null;
                type = type.getEnclosingClass()) {
            if (type.isAnnotationPresent(OffSpec.class)) {
                return true;
            }
        }
        return false;
    }

    private static void install() {
        if (RestAssured.filters().stream().noneMatch(filter -> filter instanceof SpecValidationFilter)) {
            RestAssured.filters(FILTER);
        }
    }
}
