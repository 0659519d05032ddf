package org.errandless.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which paths a feature's path covers: itself, a trailing slash, matrix parameters, what lies below; no lookalike. */
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
}
