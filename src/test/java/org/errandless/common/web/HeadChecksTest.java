package org.errandless.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The features' head checks run by the front door (tus, documents, face photos, register imports): each covers its
 * path however a client spells it (a trailing slash, matrix parameters, percent-encoded letters, dot segments), the
 * way Quarkus REST matches its resources, so no spelling skips a body limit; and a path that only starts like a
 * feature's gets none of its handling. Declared lengths above the limits (test profile: documents 2M, photos 5M,
 * register imports 1M, JSON 1M) are sent without a body and without a token: only a check that runs before
 * authentication and before a byte is read can answer 413.
 */
@QuarkusTest
class HeadChecksTest {

    private static final int THREE_MIB = 3 * 1024 * 1024;

    @TestHTTPResource("/")
    URL base;

    @ParameterizedTest
    @CsvSource({
            "POST, /api/v1/uploads", "POST, /api/v1/uploads/", "POST, /api/v1/uploads;v=1",
            "POST, /api/v1/%75ploads", "POST, /api/v1/./uploads", "POST, /api/v1/x/../uploads",
            "POST, /api/v1//uploads",
            "PATCH, /api/v1/uploads/{id}", "PATCH, /api/v1/uploads/{id}/", "PATCH, /api/v1/uploads/{id};v=1",
            "PATCH, /api/v1/%75ploads/{id}", "PATCH, /api/v1/uploads/./{id}", "DELETE, /api/v1/uploads/{id}" })
    void aTusRequestDeclaredTooLargeIsRefusedHoweverItsPathIsSpelt(String method, String path) throws Exception {
        RawHttp.Answer answer = send(method, path.replace("{id}", UUID.randomUUID().toString()), THREE_MIB);
        assertEquals(413, answer.status(), answer.text());
        assertEquals("document-too-large", JsonPath.from(answer.body()).getString("code"), answer.text());
        assertTrue(header(answer, "tus-resumable: 1.0.0"), answer.text());
        assertTrue(header(answer, "connection: close"), answer.text());
    }

    @ParameterizedTest
    @CsvSource({ "POST, /api/v1/documents", "POST, /api/v1/documents/", "POST, /api/v1/documents;v=1",
            "POST, /api/v1/%64ocuments", "POST, /api/v1/x/../documents", "DELETE, /api/v1/documents/{id}",
            "PUT, /api/v1/documents/{id}/content" })
    void aDocumentDeclaredTooLargeIsRefusedHoweverItsPathIsSpelt(String method, String path) throws Exception {
        RawHttp.Answer answer = send(method, path.replace("{id}", UUID.randomUUID().toString()), THREE_MIB);
        assertEquals(413, answer.status(), answer.text());
        assertEquals("document-too-large", JsonPath.from(answer.body()).getString("code"), answer.text());
        assertFalse(header(answer, "tus-resumable"), answer.text());
    }

    @ParameterizedTest
    @CsvSource({ "/api/v1/admin/register-imports", "/api/v1/admin/register-imports/",
            "/api/v1/admin/register-imports;v=1", "/api/v1/admin/%72egister-imports" })
    void anExtractDeclaredTooLargeIsRefusedAsAProblemHoweverItsPathIsSpelt(String path) throws Exception {
        RawHttp.Answer answer = send("POST", path, 2 * 1024 * 1024);
        assertEquals(413, answer.status(), answer.text());
        assertEquals("payload-too-large", JsonPath.from(answer.body()).getString("code"), answer.text());
        assertTrue(JsonPath.from(answer.body()).getString("detail").contains("register-import"), answer.text());
    }

    @ParameterizedTest
    @CsvSource({ "/api/v1/me/identity/face", "/api/v1/me/identity/face/", "/api/v1/me/identity/face;v=1",
            "/api/v1/me/identity/%66ace" })
    void aFacePhotoDeclaredTooLargeIsRefusedHoweverItsPathIsSpelt(String path) throws Exception {
        RawHttp.Answer answer = send("POST", path, 6 * 1024 * 1024);
        assertEquals(413, answer.status(), answer.text());
        assertEquals("payload-too-large", JsonPath.from(answer.body()).getString("code"), answer.text());
        assertTrue(JsonPath.from(answer.body()).getString("detail").contains("photo"), answer.text());
    }

    @ParameterizedTest
    @CsvSource({ "/api/v1/uploadsX", "/api/v1/uploads.json", "/api/v1/documentsX", "/api/v1/documents-old",
            "/api/v1/admin/register-importsX" })
    void aPathThatOnlyStartsLikeAFeaturesIsHeldToTheJsonLimit(String path) throws Exception {
        // none of the features' handling, and no escape from the JSON API's limit either
        RawHttp.Answer answer = send("POST", path, THREE_MIB);
        assertEquals(413, answer.status(), answer.text());
        assertEquals("payload-too-large", JsonPath.from(answer.body()).getString("code"), answer.text());
        assertFalse(header(answer, "tus-resumable"), answer.text());
    }

    @Test
    void aPathThatOnlyStartsLikeTheUploadsGetsNoTusHeader() throws Exception {
        try (RawHttp http = new RawHttp(base)) {
            http.head("GET /api/v1/uploadsX HTTP/1.1\r\nHost: localhost\r\nConnection: close");
            RawHttp.Answer answer = http.answer();
            assertEquals(404, answer.status(), answer.text());
            assertFalse(header(answer, "tus-resumable"), answer.text());
        }
    }

    @Test
    void aMalformedRequestToTheUploadsStillCarriesTheTusHeader() throws Exception {
        try (RawHttp http = new RawHttp(base)) {
            http.head("GET /api/v1/uploads/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close");
            RawHttp.Answer answer = http.answer();
            assertEquals(400, answer.status(), answer.text());
            assertTrue(header(answer, "tus-resumable: 1.0.0"), answer.text());
        }
    }

    /** Sends a request head declaring {@code length} bytes of body and none of them, and reads the answer. */
    private RawHttp.Answer send(String method, String path, long length) throws Exception {
        try (RawHttp http = new RawHttp(base)) {
            http.head(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nTus-Resumable: 1.0.0\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + length);
            return http.answer();
        }
    }

    private static boolean header(RawHttp.Answer answer, String line) {
        String text = answer.text().toLowerCase(Locale.ROOT);
        int end = text.indexOf("\r\n\r\n");
        return (end < 0 ? text : text.substring(0, end)).contains("\r\n" + line);
    }
}
