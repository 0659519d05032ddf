package org.errandless.support.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.restassured.builder.ResponseBuilder;
import io.restassured.response.Response;

/** The validator itself: it must refuse what the spec does not describe, or it proves nothing. */
class SpecValidationFilterTest {

    private static final String PROFILE = """
            {"id":"0b6f2c1e-8f7a-4d1b-9a55-3f1f0c2d7e91","phone":"+8613800000001","assuranceLevel":"L1",
             "name":null,"idNumber":null,"roles":["CITIZEN"]}""";

    private static Response answer(int status, String contentType, String body, String... headers) {
        ResponseBuilder builder = new ResponseBuilder().setStatusCode(status).setBody(body);
        if (contentType != null) {
            builder.setContentType(contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    @Test
    void aDocumentedAnswerPasses() {
        assertEquals(List.of(), SpecValidationFilter.check("GET", "/api/v1/me",
                answer(200, "application/json", PROFILE, "X-Request-Id", "r1")));
    }

    @Test
    void aFieldOfTheWrongTypeFails() {
        List<String> violations = SpecValidationFilter.check("GET", "/api/v1/me",
                answer(200, "application/json", PROFILE.replace("\"+8613800000001\"", "5")));
        assertTrue(violations.toString().contains("phone"), violations.toString());
    }

    @Test
    void aMissingRequiredFieldFails() {
        List<String> violations = SpecValidationFilter.check("GET", "/api/v1/me",
                answer(200, "application/json", PROFILE.replace("\"roles\":[\"CITIZEN\"]", "\"roles2\":[]")));
        assertTrue(violations.toString().contains("roles"), violations.toString());
    }

    @Test
    void anUndocumentedStatusFails() {
        List<String> violations = SpecValidationFilter.check("GET", "/api/v1/me",
                answer(418, "application/problem+json", "{}"));
        assertTrue(violations.toString().contains("status 418 is not documented"), violations.toString());
    }

    @Test
    void anUndeclaredHeaderFails() {
        List<String> violations = SpecValidationFilter.check("GET", "/api/v1/me",
                answer(200, "application/json", PROFILE, "X-Secret-Debug", "1"));
        assertTrue(violations.toString().contains("X-Secret-Debug"), violations.toString());
    }

    @Test
    void anUndeclaredMediaTypeFails() {
        List<String> violations = SpecValidationFilter.check("GET", "/api/v1/me",
                answer(200, "text/html", "<p>hi</p>"));
        assertTrue(violations.toString().contains("text/html"), violations.toString());
    }

    @Test
    void anUnknownApiPathMustAnswerAProblem() {
        assertEquals(List.of(), SpecValidationFilter.check("GET", "/api/v1/nowhere", answer(404,
                "application/problem+json", "{\"type\":\"t\",\"title\":\"t\",\"status\":404,\"code\":\"not-found\"}")));
        List<String> violations = SpecValidationFilter.check("GET", "/api/v1/nowhere",
                answer(200, "application/json", "{}"));
        assertTrue(violations.toString().contains("no operation"), violations.toString());
    }

    /** Auto-detected for every test class (also this one): otherwise no HTTP test would be checked at all. */
    @Test
    void theFilterIsInstalledForEveryTest() {
        assertTrue(io.restassured.RestAssured.filters().stream().anyMatch(f -> f instanceof SpecValidationFilter),
                "SpecValidation did not install the filter: is JUnit's extension auto-detection still on?");
    }

    @Test
    void pathsOutsideTheApiAreNotChecked() {
        assertEquals(List.of(), SpecValidationFilter.check("GET", "/q/health", answer(200, "text/html", "x")));
    }
}
