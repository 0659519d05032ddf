package org.errandless.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which operations need the second factor: everything under admin, the officer transitions, the staff decisions on
 * reviews, nothing else.
 */
class SecondFactorPolicyTest {

    @ParameterizedTest
    @CsvSource({
            "GET, /api/v1/admin/staff, true",
            "GET, /api/v1/admin, true",
            "DELETE, /api/v1/admin/staff/{id}/mfa, true",
            "PUT, /api/v1/admin/calendar/{year}, true",
            "POST, /api/v1/admin/register-imports, true",
            "GET, /api/v1/admin/audit/verify, true",
            "POST, /api/v1/applications/{id}/accept, true",
            "POST, /api/v1/applications/{id}/request-supplement, true",
            "POST, /api/v1/applications/{id}/approve, true",
            "POST, /api/v1/applications/{id}/reject, true",
            "POST, /api/v1/applications/{id}/suspend, true",
            "POST, /api/v1/applications/{id}/resume, true",
            "POST, /api/v1/applications/{id}/complete, true",
            "post, /api/v1/applications/{applicationId}/approve, true",
            "POST, /api/v1/applications/{id}/evaluation/appeal, true",
            "POST, /api/v1/supervision/evaluations/{id}/rectification, true",
            "POST, /api/v1/supervision/evaluations/{id}/appeal/decision, true",
            "GET, /api/v1/supervision/evaluations, false",
            "GET, /api/v1/supervision/stats, false",
            "POST, /api/v1/applications/{id}/evaluation/re-rating, false",
            "POST, /api/v1/applications/{id}/submit, false",
            "POST, /api/v1/applications/{id}/withdraw, false",
            "POST, /api/v1/applications/{id}/evaluation, false",
            "GET, /api/v1/applications/{id}, false",
            "GET, /api/v1/officer/queue, false",
            "PUT, /api/v1/officer/stations/{code}/schedule, true",
            "GET, /api/v1/officer/stations/{code}/schedule, false",
            "GET, /api/v1/officer/stations/{code}/appointments, false",
            "POST, /api/v1/applications/{id}/appointment/attendance, true",
            "POST, /api/v1/applications/{id}/appointment, false",
            "PUT, /api/v1/applications/{id}/appointment, false",
            "DELETE, /api/v1/applications/{id}/appointment, false",
            "POST, /api/v1/auth/staff/login, false",
            "POST, /api/v1/auth/staff/mfa/enrolment, false",
            "GET, /api/v1/administrators, false",
            "POST, /api/v1/applications/{id}/approve/extra, false" })
    void operations(String method, String path, boolean required) {
        assertEquals(required, SecondFactorPolicy.requires(method, path));
    }

    @Test
    void templatesJoinClassAndMethodPathsAndDropParameterPatterns() throws NoSuchMethodException {
        Method approve = Sample.class.getDeclaredMethod("approve");
        assertEquals("/api/v1/applications/{id}/approve", SecondFactorPolicy.template(Sample.class, approve));
        Method root = Sample.class.getDeclaredMethod("root");
        assertEquals("/api/v1/applications", SecondFactorPolicy.template(Sample.class, root));
        assertEquals("/api/v1/admin", SecondFactorPolicy.normalise("api/v1//admin/"));
    }

    @Path("/api/v1/applications/")
    static class Sample {

        @Path("{id: [0-9a-f-]+}/approve")
        void approve() {
        }

        void root() {
        }
    }
}
