package org.errandless.documents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.errandless.audit.AccessLog;
import org.errandless.audit.AccessRecord;
import org.errandless.common.security.Roles;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class DocumentResourceTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String DOCUMENTS = "/api/v1/documents";

    @Inject
    ContentStore store;
    @Inject
    AccessLog accessLog;

    private static RequestSpecification as(TestCitizens.SignedIn citizen) {
        return given().auth().oauth2(citizen.accessToken());
    }

    private static Response upload(TestCitizens.SignedIn citizen, String name, byte[] bytes, String declared) {
        return as(citizen).multiPart("file", name, bytes, declared).when().post(DOCUMENTS);
    }

    private static String uploaded(TestCitizens.SignedIn citizen, String name, byte[] bytes, String declared) {
        return upload(citizen, name, bytes, declared).then().statusCode(201).extract().path("id");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void uploadsAPdfWithTypeFromTheBytes() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf();
        // a hand-made body: the file name in UTF-8, as browsers send it
        String boundary = "errandless-test-boundary";
        as(citizen).contentType("multipart/form-data; boundary=" + boundary)
                .body(multipart(boundary, "../../etc/户口本首页.pdf", pdf)).post(DOCUMENTS).then().statusCode(201)
                .header("Location", containsString(DOCUMENTS + "/"))
                .header("ETag", notNullValue())
                .body("contentType", equalTo("application/pdf"))
                .body("size", equalTo(pdf.length))
                .body("sha256", equalTo(sha256(pdf)))
                .body("filename", equalTo("户口本首页.pdf"))
                .body("width", nullValue())
                .body("scanResult", equalTo("CLEAN"))
                .body("createdAt", equalTo("2026-09-30T02:00:00Z"));
    }

    @Test
    void uploadsAPngAndAJpegWithDimensions() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] png = TestFiles.image("png", 40, 30);
        as(citizen).multiPart("file", "scan.bin", png, "application/pdf").multiPart("kind", "photo")
                .when().post(DOCUMENTS).then().statusCode(201)
                .body("contentType", equalTo("image/png"))
                .body("kind", equalTo("photo"))
                .body("size", equalTo(png.length))
                .body("sha256", equalTo(sha256(png)))
                .body("width", equalTo(40)).body("height", equalTo(30));
        byte[] jpeg = TestFiles.image("jpeg", 64, 48);
        upload(citizen, "photo.jpg", jpeg, "image/jpeg").then().statusCode(201)
                .body("contentType", equalTo("image/jpeg"))
                .body("width", equalTo(64)).body("height", equalTo(48));
    }

    @Test
    void acceptsHeicAndReadsItsDimensionsFromTheHeader() {
        var citizen = TestCitizens.signIn();
        upload(citizen, "IMG_0001.HEIC", TestFiles.heic(4032, 3024), "application/octet-stream").then()
                .statusCode(201).body("contentType", equalTo("image/heic"))
                .body("width", equalTo(4032)).body("height", equalTo(3024));
        upload(citizen, "IMG_0002.HEIC", TestFiles.heic(100_000, 100_000), "image/heic").then().statusCode(422)
                .contentType(PROBLEM).body("code", equalTo("image-too-large"));
    }

    @Test
    void refusesHtmlThatCallsItselfAJpeg() {
        upload(TestCitizens.signIn(), "photo.jpg", TestFiles.html(), "image/jpeg").then().statusCode(415)
                .contentType(PROBLEM).body("code", equalTo("document-type-not-allowed"));
    }

    @Test
    void refusesAnImageDeclaringTooManyPixels() {
        upload(TestCitizens.signIn(), "bomb.png", TestFiles.pngHeader(30000, 30000), "image/png").then()
                .statusCode(422).contentType(PROBLEM).body("code", equalTo("image-too-large"));
    }

    @Test
    void refusesFilesAboveTheLimit() {
        var citizen = TestCitizens.signIn();
        // just above the 2 MB test limit: the request passes the early check, the file part does not
        upload(citizen, "big.pdf", TestFiles.pdf(2 * 1024 * 1024 + 1), "application/pdf").then().statusCode(413)
                .contentType(PROBLEM).body("code", equalTo("document-too-large"));
        // far above: refused from Content-Length before the body is read
        upload(citizen, "bigger.pdf", TestFiles.pdf(3 * 1024 * 1024), "application/pdf").then().statusCode(413)
                .contentType(PROBLEM).body("code", equalTo("document-too-large"));
        upload(citizen, "fits.pdf", TestFiles.pdf(2 * 1024 * 1024), "application/pdf").then().statusCode(201);
    }

    @Test
    void missingFileIs400() {
        as(TestCitizens.signIn()).multiPart("kind", "photo").when().post(DOCUMENTS).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"));
    }

    @Test
    void kindLongerThan64Is400() {
        as(TestCitizens.signIn()).multiPart("file", "a.pdf", TestFiles.pdf(), "application/pdf")
                .multiPart("kind", "k".repeat(65)).when().post(DOCUMENTS).then().statusCode(400)
                .contentType(PROBLEM).body("code", equalTo("validation-failed"));
    }

    @Test
    void aBodyThatIsNotMultipartIs415() {
        as(TestCitizens.signIn()).contentType("application/json").body("{\"file\": \"x\"}").when().post(DOCUMENTS)
                .then().statusCode(415).contentType(PROBLEM).body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void anIdThatIsNotAUuidIsNotFound() {
        as(TestCitizens.signIn()).get(DOCUMENTS + "/not-a-uuid").then().contentType(PROBLEM)
                .statusCode(404).body("code", equalTo("not-found"));
    }

    @Test
    void ownerReadsMetadataAndContent() throws Exception {
        var citizen = TestCitizens.signIn();
        byte[] png = TestFiles.image("png", 50, 50);
        String boundary = "errandless-test-boundary";
        String id = as(citizen).contentType("multipart/form-data; boundary=" + boundary)
                .body(multipart(boundary, "我的照片.png", png)).post(DOCUMENTS).then().statusCode(201)
                .extract().path("id");

        String tag = as(citizen).get(DOCUMENTS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("contentType", equalTo("image/png"))
                .extract().header("ETag");
        as(citizen).header("If-None-Match", tag).get(DOCUMENTS + "/" + id).then().statusCode(304);

        Response whole = as(citizen).get(DOCUMENTS + "/" + id + "/content");
        whole.then().statusCode(200).contentType("image/png")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", containsString("attachment"))
                .header("Content-Disposition", containsString("filename*=UTF-8''%E6%88%91"))
                .header("Accept-Ranges", "bytes")
                .header("ETag", equalTo('"' + sha256(png) + '"'));
        assertArrayEquals(png, whole.asByteArray());

        as(citizen).header("If-None-Match", '"' + sha256(png) + '"').get(DOCUMENTS + "/" + id + "/content").then()
                .statusCode(304);

        Response part = as(citizen).header("Range", "bytes=10-29").get(DOCUMENTS + "/" + id + "/content");
        part.then().statusCode(206).header("Content-Range", "bytes 10-29/" + png.length);
        assertArrayEquals(Arrays.copyOfRange(png, 10, 30), part.asByteArray());

        Response suffix = as(citizen).header("Range", "bytes=-8").get(DOCUMENTS + "/" + id + "/content");
        suffix.then().statusCode(206);
        assertArrayEquals(Arrays.copyOfRange(png, png.length - 8, png.length), suffix.asByteArray());

        as(citizen).header("Range", "bytes=" + png.length + "-").get(DOCUMENTS + "/" + id + "/content").then()
                .statusCode(416).contentType(PROBLEM).body("code", equalTo("range-not-satisfiable"));
        // a stale If-Range gets the whole file
        as(citizen).header("Range", "bytes=0-9").header("If-Range", "\"old\"")
                .get(DOCUMENTS + "/" + id + "/content").then().statusCode(200);
    }

    @Test
    void someoneElseGets404() {
        var owner = TestCitizens.signIn();
        String id = uploaded(owner, "a.pdf", TestFiles.pdf(), "application/pdf");
        var other = TestCitizens.signIn();
        as(other).get(DOCUMENTS + "/" + id).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        as(other).get(DOCUMENTS + "/" + id + "/content").then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        as(other).delete(DOCUMENTS + "/" + id).then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        as(owner).get(DOCUMENTS + "/" + id).then().statusCode(200);
        as(owner).get(DOCUMENTS + "/" + UUID.randomUUID()).then().statusCode(404).body("code", equalTo("not-found"));
    }

    @Test
    void needsATokenAndTheRightRole() {
        var owner = TestCitizens.signIn();
        String id = uploaded(owner, "a.pdf", TestFiles.pdf(), "application/pdf");
        given().multiPart("file", "a.pdf", TestFiles.pdf(), "application/pdf").post(DOCUMENTS).then()
                .statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
        given().get(DOCUMENTS + "/" + id).then().statusCode(401).body("code", equalTo("unauthorized"));
        given().get(DOCUMENTS + "/" + id + "/content").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().delete(DOCUMENTS + "/" + id).then().statusCode(401).body("code", equalTo("unauthorized"));

        String officer = TestTokens.staff(Roles.OFFICER, "50010301").accessToken();
        given().auth().oauth2(officer).multiPart("file", "a.pdf", TestFiles.pdf(), "application/pdf")
                .post(DOCUMENTS).then().statusCode(403).contentType(PROBLEM).body("code", equalTo("forbidden"));
        given().auth().oauth2(officer).delete(DOCUMENTS + "/" + id).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        given().auth().oauth2(TestTokens.admin()).get(DOCUMENTS + "/" + id).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        // staff without a grant from the access policy: as if it did not exist
        given().auth().oauth2(officer).get(DOCUMENTS + "/" + id).then().statusCode(404)
                .body("code", equalTo("not-found"));
        given().auth().oauth2(officer).get(DOCUMENTS + "/" + id + "/content").then().statusCode(404);
    }

    @Test
    void staffReadAllowedByThePolicyIsRecorded() {
        var owner = TestCitizens.signIn();
        byte[] pdf = TestFiles.pdf(500);
        String id = uploaded(owner, "a.pdf", pdf, "application/pdf");
        UUID person = UUID.randomUUID();
        TestDocumentAccessPolicy.GRANTS.put(UUID.fromString(id),
                new DocumentAccessPolicy.Grant(person, "解放碑派出所 户籍民警", "审核出生登记申请"));
        try {
            String officer = TestTokens.staff(Roles.OFFICER, "50010301").accessToken();
            Response content = given().auth().oauth2(officer).get(DOCUMENTS + "/" + id + "/content");
            content.then().statusCode(200).contentType("application/pdf");
            assertArrayEquals(pdf, content.asByteArray());
            var records = accessLog.listForPerson(person, null, null).items();
            assertEquals(1, records.size());
            AccessRecord record = records.get(0);
            assertEquals("document", record.what());
            assertEquals("审核出生登记申请", record.purpose());
            given().auth().oauth2(officer).get(DOCUMENTS + "/" + id).then().statusCode(200).body("id", equalTo(id));
            assertEquals(2, accessLog.listForPerson(person, null, null).items().size());
        } finally {
            TestDocumentAccessPolicy.GRANTS.remove(UUID.fromString(id));
        }
    }

    @Test
    void deletesThenGone() throws IOException {
        var owner = TestCitizens.signIn();
        String id = uploaded(owner, "a.pdf", TestFiles.pdf(), "application/pdf");
        long files = storedFiles();
        as(owner).delete(DOCUMENTS + "/" + id).then().statusCode(204);
        as(owner).get(DOCUMENTS + "/" + id).then().statusCode(404).body("code", equalTo("not-found"));
        as(owner).delete(DOCUMENTS + "/" + id).then().statusCode(404);
        assertEquals(files - 1, storedFiles());
    }

    @Test
    void documentInUseCannotBeDeleted() {
        var owner = TestCitizens.signIn();
        String id = uploaded(owner, "a.pdf", TestFiles.pdf(), "application/pdf");
        TestDocumentUsage.IN_USE.add(UUID.fromString(id));
        try {
            as(owner).delete(DOCUMENTS + "/" + id).then().statusCode(409).contentType(PROBLEM)
                    .body("code", equalTo("document-in-use"));
            as(owner).get(DOCUMENTS + "/" + id).then().statusCode(200);
        } finally {
            TestDocumentUsage.IN_USE.remove(UUID.fromString(id));
        }
        as(owner).delete(DOCUMENTS + "/" + id).then().statusCode(204);
    }

    @Test
    void quotaOfCountIsPerCitizen() {
        var citizen = TestCitizens.signIn();
        for (int i = 0; i < 5; i++) {
            uploaded(citizen, "a" + i + ".pdf", TestFiles.pdf(), "application/pdf");
        }
        upload(citizen, "a5.pdf", TestFiles.pdf(), "application/pdf").then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("document-quota-exceeded"));
        uploaded(TestCitizens.signIn(), "other.pdf", TestFiles.pdf(), "application/pdf");
    }

    @Test
    void quotaOfBytes() {
        var citizen = TestCitizens.signIn();
        uploaded(citizen, "a.pdf", TestFiles.pdf(1_500_000), "application/pdf");
        uploaded(citizen, "b.pdf", TestFiles.pdf(1_500_000), "application/pdf");
        upload(citizen, "c.pdf", TestFiles.pdf(1_500_000), "application/pdf").then().statusCode(422)
                .body("code", equalTo("document-quota-exceeded"));
    }

    @Test
    void rejectedByTheScannerLeavesNeitherBytesNorRow() throws IOException {
        var citizen = TestCitizens.signIn();
        long files = storedFiles();
        byte[] infected = TestFiles.pdf(200);
        byte[] marker = TestDocumentScanner.MARKER.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, infected, 60, marker.length);
        upload(citizen, "a.pdf", infected, "application/pdf").then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("document-infected"));
        assertEquals(files, storedFiles());
        assertEquals(0L, Document.count("ownerId", citizen.accountId()));
    }

    @Test
    void quotaFilledWhileStoringLeavesNeitherBytesNorRow() throws IOException {
        var citizen = TestCitizens.signIn();
        for (int i = 0; i < 4; i++) {
            uploaded(citizen, "a" + i + ".pdf", TestFiles.pdf(), "application/pdf");
        }
        long files = storedFiles();
        // a concurrent upload takes the last place after this one's bytes are stored: the insert's check refuses
        TestDocumentScanner.DURING_NEXT_SCAN.set(() -> uploaded(citizen, "racer.pdf", TestFiles.pdf(), "application/pdf"));
        upload(citizen, "late.pdf", TestFiles.pdf(300), "application/pdf").then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("document-quota-exceeded"));
        assertEquals(files + 1, storedFiles());
        assertEquals(5L, Document.count("ownerId", citizen.accountId()));
        assertEquals(0L, Document.count("ownerId = ?1 and filename = ?2", citizen.accountId(), "late.pdf"));
    }

    @Test
    void idempotencyKeyReplaysTheSameDocument() {
        var citizen = TestCitizens.signIn();
        String boundary = "errandless-test-boundary";
        byte[] body = multipart(boundary, "a.pdf", TestFiles.pdf());
        String key = UUID.randomUUID().toString();
        String first = as(citizen).header("Idempotency-Key", key)
                .contentType("multipart/form-data; boundary=" + boundary).body(body).post(DOCUMENTS).then()
                .statusCode(201).extract().path("id");
        as(citizen).header("Idempotency-Key", key).contentType("multipart/form-data; boundary=" + boundary)
                .body(body).post(DOCUMENTS).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
        assertEquals(1L, Document.count("ownerId", citizen.accountId()));
        // the same key with another file is another request, not a retry
        byte[] other = multipart(boundary, "a.pdf", TestFiles.pdf(4096));
        as(citizen).header("Idempotency-Key", key).contentType("multipart/form-data; boundary=" + boundary)
                .body(other).post(DOCUMENTS).then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("idempotency-key-reused"));
        assertEquals(1L, Document.count("ownerId", citizen.accountId()));
    }

    @Test
    void aFullStoreAnswers507AndKeepsNothing() throws IOException {
        var citizen = TestCitizens.signIn();
        uploaded(citizen, "a.pdf", TestFiles.pdf(), "application/pdf");
        long files = storedFiles();
        ContentStore real = TestStores.actual(store);
        QuarkusMock.installMockForType(new FullContentStore(real, 10_000), ContentStore.class);
        upload(citizen, "big.pdf", TestFiles.pdf(200_000), "application/pdf").then().statusCode(507)
                .contentType(PROBLEM).body("code", equalTo("insufficient-storage"));
        QuarkusMock.installMockForType(real, ContentStore.class);
        assertEquals(files, storedFiles(), "bytes of the refused document are in the store");
        assertEquals(1L, Document.count("ownerId", citizen.accountId()));
        // the quota is what it was: four more documents fit (the test quota is five)
        for (int i = 0; i < 4; i++) {
            uploaded(citizen, "b" + i + ".pdf", TestFiles.pdf(), "application/pdf");
        }
    }

    private static byte[] multipart(String boundary, String filename, byte[] content) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return body;
    }

    private long storedFiles() throws IOException {
        return TestStores.storedContents(store);
    }
}
