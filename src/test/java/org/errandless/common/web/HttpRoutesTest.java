package org.errandless.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which paths a feature's path covers: itself, a trailing slash, matrix parameters, what lies below; no lookalike.
 * Which declared lengths the front door's one check ({@link HttpRoutes#refuseDeclaredLength}) refuses: only a
 * well-formed {@code Content-Length} above the limit (what the JSON screen and every feature's head check answer 413
 * for).
 */
class HttpRoutesTest {

    @ParameterizedTest
    @CsvSource({
            "/api/v1/uploads, /api/v1/uploads, true",
            "/api/v1/uploads, /api/v1/uploads/, true",
            "/api/v1/uploads, /api/v1/uploads/0f6b, true",
            "/api/v1/uploads, /api/v1/uploads/0f6b/, true",
            "/api/v1/uploads, /api/v1/uploads;v=1, true",
            "/api/v1/uploads, /api/v1/uploads;v=1/0f6b, true",
            "/api/v1/uploads, /api/v1/uploadsX, false",
            "/api/v1/uploads, /api/v1/uploads.json, false",
            "/api/v1/uploads, /api/v1/upload, false",
            "/api/v1/uploads, /api/v1/uploa, false",
            "/api/v1/uploads, /api/v1/Uploads, false",
            "/api/v1/uploads, /api/v1/me, false",
            "/api/v1/uploads, /, false",
            "/api/v1/uploads, /x/api/v1/uploads, false",
            "/api/v1/uploads/, /api/v1/uploads/0f6b, true",
            "/api/v1/uploads/, /api/v1/uploads/, true",
            "/api/v1/uploads/, /api/v1/uploads, false",
            "/api/v1/uploads/, /api/v1/uploadsX, false" })
    void coversItselfAndWhatLiesBelowButNoLookalike(String prefix, String path, boolean covered) {
        assertEquals(covered, HttpRoutes.covers(prefix, path), prefix + " covers " + path);
    }

    @ParameterizedTest
    @CsvSource(value = {
            "1048577, 1048576, true",
            "1048576, 1048576, false",
            "0, 1048576, false",
            "' 2097152 ', 1048576, true",
            "'\t2097152', 1048576, true",
            "1, 0, true",
            "0, 0, false",
            "9223372036854775807, 1048576, true",
            "-1, 1048576, false",
            "+2097152, 1048576, true",
            "NULL, 0, false",
            "'', 0, false",
            "abc, 0, false",
            "1e9, 0, false",
            "0x10, 0, false",
            "99999999999999999999, 1048576, false",
            "'1 2', 0, false" }, nullValues = "NULL")
    void refusesOnlyAWellFormedDeclaredLengthAboveTheLimit(String contentLength, long limit, boolean refused) {
        // a malformed length never reaches a route (the HTTP codec rejects it): here it is simply not refused
        assertEquals(refused, HttpRoutes.declaresMoreThan(contentLength, limit), contentLength + " over " + limit);
    }
}
