package org.errandless.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;

import org.errandless.common.persistence.EmbeddedDatabase;
import org.errandless.identity.mfa.Base32;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.Sex;
import org.errandless.support.PackagedApplication;
import org.errandless.support.ProviderStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Issue 15's "done means": the packaged application in prod, from an empty database to a decided application, as an
 * operator and the first people would use it. The jar runs with only what the README's Configure table marks as
 * required in prod, a schema owner apart from the application's database user (as the Operations section asks), no
 * demo data and no development adapter; SMS, push, the carrier check and the face check go to stub providers (JDK
 * HTTP servers of this test) through the {@code http} adapters. The walk:
 * <ol>
 * <li>the bootstrap admin signs in, enrols an authenticator app (codes computed here with java-otp, the library the
 * application uses), signs in again with {@code mfa-required} and {@code POST /auth/staff/mfa}, imports a small
 * register extract (one line of it invalid), and creates an officer for the station;</li>
 * <li>a citizen of the register signs in with the code the SMS stub received, binds name and ID number (carrier
 * stub: L2) and passes the face check (face stub: L3), applies for a change of address with an uploaded tenancy
 * agreement and submits;</li>
 * <li>the officer signs in with password and TOTP ({@code acr: AAL2}), accepts and approves with {@code If-Match};
 * the citizen sees the decision, the new address and the completion notice, and the push stub received the news.</li>
 * </ol>
 * One test of ordered steps: the first step that breaks fails it.
 */
class ProdWalkIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** How long the walk waits for a background job of the jar (a dispatched SMS, an applied import). */
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");
    private static final String PROBLEM = "application/problem+json";

    private static final String ADMIN = "prod.admin";
    private static final String ADMIN_PASSWORD = "prod-admin-password-for-the-walk";
    private static final String OFFICER = "officer.50010391.walk";
    private static final String OFFICER_PASSWORD = "officer-password-for-the-walk";
    /** A station of division 500103 (渝中区) that only this walk's extract creates. */
    private static final String STATION = "50010391";
    private static final String MOBILE = "17200000091";

    private static final ProviderStub SMS = ProviderStub.start();
    private static final ProviderStub PUSH = ProviderStub.start();
    private static final ProviderStub CARRIER = ProviderStub.start();
    private static final ProviderStub FACE = ProviderStub.start();
    /** Released once per request a notification stub received. */
    private static final Semaphore SMS_RECEIVED = new Semaphore(0);
    private static final Semaphore PUSH_RECEIVED = new Semaphore(0);

    private static String adminUrl;
    private static String database;
    private static String owner;
    private static String applicationUser;
    private static PackagedApplication application;
    private static RequestSpecification jar;

    @TempDir
    static Path workingDirectory;

    private final TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
    private final Random random = new Random(20261206);

    @BeforeAll
    static void startTheJarInProd() throws Exception {
        Assumptions.assumeTrue(PackagedApplication.packaged(),
                "the application is not packaged: " + PackagedApplication.JAR.toAbsolutePath());
        SMS.byDefault(received(SMS_RECEIVED, "{\"accepted\": true}"));
        PUSH.byDefault(received(PUSH_RECEIVED, "{\"accepted\": true}"));
        CARRIER.byDefault(ProviderStub.answer(200, "{\"match\": true}"));
        FACE.byDefault(ProviderStub.answer(200, "{\"match\": true, \"live\": true}"));

        EmbeddedDatabase server = EmbeddedDatabase.start(null, 0);
        adminUrl = "jdbc:postgresql://localhost:" + server.port() + "/postgres";
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        database = "errandless_walk_" + suffix;
        owner = "errandless_owner_" + suffix;
        applicationUser = "errandless_app_" + suffix;
        // an empty database owned by the schema owner; the application's user gets only what the migrations grant
        execute("create role " + owner + " login password 'owner-password'");
        execute("create role " + applicationUser + " login password 'application-password'");
        execute("create database " + database + " owner " + owner);

        application = PackagedApplication.start(requiredInProd(), workingDirectory);
        assertTrue(application.awaitListening(START_TIMEOUT), "prod did not start:\n" + application.log());
        jar = given().baseUri("http://127.0.0.1").port(application.port());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (application != null) {
            application.close();
            // what the jar said, for whoever reads a failure (the working directory goes with the test)
            Files.writeString(Path.of("target", "prod-walk-jar.log"), application.log(), StandardCharsets.UTF_8);
        }
        for (ProviderStub stub : List.of(SMS, PUSH, CARRIER, FACE)) {
            stub.close();
        }
        if (database != null) {
            execute("drop database if exists " + database + " with (force)");
            execute("drop role if exists " + applicationUser);
            execute("drop role if exists " + owner);
        }
    }

    /** The README's "required in prod" settings, with the stub providers, and the two database roles. */
    private static Map<String, String> requiredInProd() throws NoSuchAlgorithmException {
        Map<String, String> environment = new HashMap<>();
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", adminUrl.replace("/postgres", "/" + database));
        environment.put("QUARKUS_DATASOURCE_USERNAME", applicationUser);
        environment.put("QUARKUS_DATASOURCE_PASSWORD", "application-password");
        environment.put("QUARKUS_FLYWAY_USERNAME", owner);
        environment.put("QUARKUS_FLYWAY_PASSWORD", "owner-password");
        environment.put("ERRANDLESS_DATA_KEY", Base64.getEncoder().encodeToString(randomBytes(32)));
        environment.put("ERRANDLESS_JWT_PRIVATE_KEY", PackagedApplication.newPrivateKeyPem());
        environment.put("ERRANDLESS_CERTIFICATES_SIGNING_KEY", PackagedApplication.newPrivateKeyPem());
        environment.put("ERRANDLESS_PUBLIC_BASE_URL", "https://errandless.example");
        environment.put("ERRANDLESS_PARTNERS_TOKEN_ENDPOINT_URL", "https://errandless.example/api/v1/auth/clients/token");
        environment.put("ERRANDLESS_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        environment.put("ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("ERRANDLESS_SMS_HTTP_URL", SMS.baseUri() + "/sms/send");
        environment.put("ERRANDLESS_SMS_HTTP_API_KEY", ProviderStub.API_KEY);
        environment.put("ERRANDLESS_PUSH_HTTP_URL", PUSH.baseUri() + "/push/send");
        environment.put("ERRANDLESS_PUSH_HTTP_API_KEY", ProviderStub.API_KEY);
        environment.put("ERRANDLESS_CARRIER_URL", CARRIER.baseUri() + "/v1/three-elements");
        environment.put("ERRANDLESS_CARRIER_API_KEY", ProviderStub.API_KEY);
        environment.put("ERRANDLESS_FACE_URL", FACE.baseUri() + "/v1/compare");
        environment.put("ERRANDLESS_FACE_API_KEY", ProviderStub.API_KEY);
        return environment;
    }

    @Test
    void fromAnEmptyDatabaseToADecidedApplication() throws Exception {
        startedAsProd();

        String admin = signInWithTotp(ADMIN, ADMIN_PASSWORD, enrol(ADMIN, ADMIN_PASSWORD));
        Extract extract = new Extract();
        importRegister(admin, extract);
        createOfficer(admin);

        String citizen = signInByCode(extract.head.mobile());
        citizen = bindIdentity(citizen, extract.head);
        citizen = passFaceCheck(citizen, extract.head);
        String newAddress = "重庆市渝中区解放碑步行街" + (100 + random.nextInt(800)) + "号";
        String applicationId = applyForAddressChange(citizen, newAddress);

        String officer = signInWithTotp(OFFICER, OFFICER_PASSWORD, enrol(OFFICER, OFFICER_PASSWORD));
        decide(officer, applicationId);

        seesTheDecision(citizen, applicationId, newAddress);
    }

    // --- step 0: prod, as the operator started it

    private void startedAsProd() {
        String log = application.log();
        assertTrue(log.contains("Profile prod activated"), log);
        assertFalse(log.contains("Demo data:"), "demo data was seeded:\n" + log);
        assertFalse(log.contains("development adapter"), "a development adapter runs:\n" + log);
        jar().get("/q/health/ready").then().statusCode(200);
        // the catalogue comes with the migrations, the register is empty
        jar().get("/api/v1/services").then().statusCode(200).body("items", hasSize(6));
        // the development SMS outbox exists only with the log gateway
        String token = passwordOnly(ADMIN, ADMIN_PASSWORD).path("accessToken");
        jar().auth().oauth2(token).get("/api/v1/admin/sms-outbox").then().statusCode(404);
    }

    // --- step 1: staff sign in with a second factor

    /** A staff account's first sign-in: password only, then enrolment; answers the last time step used. */
    private Enrolled enrol(String username, String password) throws InvalidKeyException {
        Response first = passwordOnly(username, password);
        first.then().body("mfaEnrolmentRequired", equalTo(true)).body("mfaEnrolBy", notNullValue());
        String token = first.path("accessToken");
        assertEquals("AAL1", claims(token).getString("acr"));

        JsonPath enrolment = jar().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .post("/api/v1/auth/staff/mfa/enrolment").then().statusCode(201)
                .body("otpauthUri", startsWith("otpauth://totp/")).extract().jsonPath();
        byte[] secret = Base32.decode(enrolment.getString("secret"));
        long step = currentStep();
        jar().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body(Map.of("code", code(secret, step)))
                .post("/api/v1/auth/staff/mfa/enrolment/confirm").then().statusCode(200)
                .body("recoveryCodes", hasSize(10));
        return new Enrolled(secret, step);
    }

    private record Enrolled(byte[] secret, long lastStep) {
    }

    /** Password, then {@code mfa-required}, then a code: answers an access token that says {@code AAL2}. */
    private String signInWithTotp(String username, String password, Enrolled enrolled) throws InvalidKeyException {
        Response challenge = jar().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/api/v1/auth/staff/login");
        challenge.then().statusCode(401).contentType(PROBLEM).body("code", equalTo("mfa-required"))
                .body("mfaToken", notNullValue());
        // no code twice: the next time step (inside the drift window) unless the clock has moved past it already
        long step = Math.max(enrolled.lastStep() + 1, currentStep());
        String token = jar().header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
                .body(Map.of("mfaToken", challenge.path("mfaToken"), "code", code(enrolled.secret(), step)))
                .post("/api/v1/auth/staff/mfa").then().statusCode(200).extract().path("accessToken");
        JsonPath claims = claims(token);
        assertEquals("AAL2", claims.getString("acr"));
        assertEquals(List.of("pwd", "otp", "mfa"), claims.getList("amr"));
        return token;
    }

    private Response passwordOnly(String username, String password) {
        Response response = jar().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/api/v1/auth/staff/login");
        response.then().statusCode(200);
        return response;
    }

    // --- step 2: the register, and an officer for its station

    private void importRegister(String admin, Extract extract) throws Exception {
        Response received = jar().auth().oauth2(admin).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/x-ndjson").body(extract.ndjson().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/admin/register-imports");
        received.then().statusCode(202).header("Location", notNullValue());
        String id = received.path("id");
        JsonPath done = await("the import to be applied", () -> {
            JsonPath state = jar().auth().oauth2(admin).get("/api/v1/admin/register-imports/" + id).then()
                    .statusCode(200).extract().jsonPath();
            return List.of("SUCCEEDED", "FAILED").contains(state.getString("state")) ? state : null;
        });
        assertEquals("SUCCEEDED", done.getString("state"), done.prettify());
        assertEquals(extract.lines(), done.getLong("linesRead"));
        assertEquals(1, done.getLong("rejected"));
        assertEquals(1, done.getLong("byType.stations.created"));
        assertEquals(2, done.getLong("byType.households.created"));
        assertEquals(extract.persons() - 1, done.getLong("byType.persons.created"));
        String report = jar().auth().oauth2(admin).accept("text/csv")
                .get("/api/v1/admin/register-imports/" + id + "/rejections").then().statusCode(200).extract()
                .asString();
        assertEquals(List.of("line,code,reason"), report.lines().limit(1).toList());
        String rejection = extract.invalidLine() + ",id-number-invalid,";
        assertTrue(report.lines().skip(1).anyMatch(line -> line.startsWith(rejection)), report);
    }

    private void createOfficer(String admin) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("username", OFFICER);
        account.put("password", OFFICER_PASSWORD);
        account.put("displayName", "解放碑派出所 走查警官");
        account.put("roles", List.of("OFFICER"));
        account.put("stationCode", STATION);
        jar().auth().oauth2(admin).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body(account).post("/api/v1/admin/staff").then().statusCode(201)
                .body("username", equalTo(OFFICER));
    }

    // --- step 3: a citizen of the register, up to L3, applies

    private String signInByCode(String mobile) throws Exception {
        String challenge = jar().contentType(ContentType.JSON).body(Map.of("phone", mobile))
                .post("/api/v1/auth/otp").then().statusCode(202).extract().path("challengeId");
        ProviderStub.Request sms = awaitRequest(SMS, SMS_RECEIVED, request -> request.body() != null
                && ("+86" + mobile).equals(request.body().path("to").asText())
                && "OTP".equals(request.body().path("purpose").asText()));
        assertEquals("Bearer " + ProviderStub.API_KEY, sms.authorization());
        Matcher code = CODE.matcher(sms.body().path("text").asText());
        assertTrue(code.find(), "no code in the SMS: " + sms.body());
        String token = jar().contentType(ContentType.JSON)
                .body(Map.of("challengeId", challenge, "code", code.group(1))).post("/api/v1/auth/otp/verify").then()
                .statusCode(200).extract().path("accessToken");
        jar().auth().oauth2(token).get("/api/v1/me").then().statusCode(200).body("assuranceLevel", equalTo("L1"));
        return token;
    }

    private String bindIdentity(String token, Person person) {
        String l2 = jar().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body(Map.of("name", person.name(), "idNumber", person.idNumber()))
                .post("/api/v1/me/identity").then().statusCode(200).body("profile.assuranceLevel", equalTo("L2"))
                .body("profile.name", equalTo(person.name())).extract().path("tokens.accessToken");
        ProviderStub.Request check = only(CARRIER);
        assertEquals("Bearer " + ProviderStub.API_KEY, check.authorization());
        assertEquals(person.name(), check.body().path("name").asText());
        assertEquals(person.idNumber(), check.body().path("idNumber").asText());
        assertTrue(check.body().path("phone").asText().endsWith(person.mobile()), check.body().toString());
        // the household as the register import left it
        jar().auth().oauth2(l2).get("/api/v1/me/household").then().statusCode(200)
                .body("members", hasSize(3)).body("address", equalTo(Extract.ADDRESS));
        return l2;
    }

    private String passFaceCheck(String token, Person person) {
        String l3 = jar().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .multiPart("photo", "face.png", Images.png(480, 480), "image/png").post("/api/v1/me/identity/face")
                .then().statusCode(200).body("profile.assuranceLevel", equalTo("L3")).extract()
                .path("tokens.accessToken");
        ProviderStub.Request check = only(FACE);
        assertEquals("Bearer " + ProviderStub.API_KEY, check.authorization());
        assertEquals(person.idNumber(), check.body().path("idNumber").asText());
        assertEquals("image/png", check.body().path("imageType").asText());
        assertFalse(check.body().path("image").asText().isEmpty());
        return l3;
    }

    private String applyForAddressChange(String token, String newAddress) {
        Response created = jar().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON)
                .body(Map.of("serviceCode", "ADDRESS_CHANGE", "form", Map.of("newAddress", newAddress)))
                .post("/api/v1/applications");
        created.then().statusCode(201).body("status", equalTo("DRAFT")).header("ETag", notNullValue());
        String id = created.path("id");
        String document = jar().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .multiPart("file", "tenancy.pdf", Images.pdf(), "application/pdf").post("/api/v1/documents").then()
                .statusCode(201).body("contentType", equalTo("application/pdf")).extract().path("id");
        jar().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("If-Match", etag(token, id)).contentType(ContentType.JSON)
                .body(Map.of("materialCode", "TENANCY_PROOF", "documentId", document))
                .post("/api/v1/applications/" + id + "/materials").then().statusCode(200);
        act(token, id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(200)
                .body("status", equalTo("SUBMITTED"));
        return id;
    }

    // --- step 4: the officer decides, the citizen sees it

    private void decide(String officer, String id) {
        jar().auth().oauth2(officer).get("/api/v1/officer/queue").then().statusCode(200)
                .body("items.id", hasItem(id));
        // a decision without the officer's current view is refused
        jar().auth().oauth2(officer).contentType(ContentType.JSON).body(Map.of("comment", "予以受理"))
                .post("/api/v1/applications/" + id + "/accept").then().statusCode(428)
                .body("code", equalTo("precondition-required"));
        act(officer, id, "accept", Map.of("comment", "予以受理")).then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        act(officer, id, "approve", Map.of("comment", "准予变更")).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("decidedAt", notNullValue());
    }

    private void seesTheDecision(String citizen, String id, String newAddress) throws Exception {
        jar().auth().oauth2(citizen).get("/api/v1/applications/" + id).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));
        jar().auth().oauth2(citizen).get("/api/v1/me/household").then().statusCode(200)
                .body("address", equalTo(newAddress));
        jar().auth().oauth2(citizen).get("/api/v1/applications/" + id + "/certificate").then().statusCode(200)
                .body("type", equalTo("COMPLETION_NOTICE")).body("claims.applicationId", equalTo(id));
        // the officer's reads of the application are in the citizen's data-access log
        jar().auth().oauth2(citizen).get("/api/v1/me/data-access").then().statusCode(200)
                .body("items", not(empty()));
        String account = jar().auth().oauth2(citizen).get("/api/v1/me").then().statusCode(200).extract().path("id");
        ProviderStub.Request push = awaitRequest(PUSH, PUSH_RECEIVED, request -> request.body() != null
                && account.equals(request.body().path("alias").asText())
                && id.equals(request.body().path("data").path("subjectId").asText())
                && "STATUS_CHANGED".equals(request.body().path("purpose").asText())
                && request.body().path("body").asText().contains("已办结"));
        assertEquals("Bearer " + ProviderStub.API_KEY, push.authorization());
        jar().auth().oauth2(citizen).get("/api/v1/me/notifications").then().statusCode(200)
                .body("items.applicationId", hasItem(id));
    }

    // --- helpers

    private static RequestSpecification jar() {
        return given().spec(jar).header("Accept-Language", "zh-CN");
    }

    private static String etag(String token, String id) {
        return jar().auth().oauth2(token).get("/api/v1/applications/" + id).then().statusCode(200).extract()
                .header("ETag");
    }

    /** An action on an application with the caller's current ETag. */
    private static Response act(String token, String id, String action, Object body) {
        return jar().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("If-Match", etag(token, id)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/applications/" + id + "/" + action);
    }

    private String code(byte[] secret, long step) throws InvalidKeyException {
        return totp.generateOneTimePasswordString(new SecretKeySpec(secret, totp.getAlgorithm()),
                Instant.ofEpochSecond(step * totp.getTimeStep().getSeconds()), Locale.ROOT);
    }

    private long currentStep() {
        return Math.floorDiv(Instant.now().getEpochSecond(), totp.getTimeStep().getSeconds());
    }

    private static JsonPath claims(String accessToken) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
                StandardCharsets.UTF_8));
    }

    /** The one request a verification stub received in this walk. */
    private static ProviderStub.Request only(ProviderStub stub) {
        List<ProviderStub.Request> requests = stub.requests();
        assertEquals(1, requests.size(), "requests: " + requests);
        assertNotNull(requests.get(0).body());
        return requests.get(0);
    }

    /** Answers and counts every request (the walk waits on the count, not on a clock). */
    private static ProviderStub.Behaviour received(Semaphore counter, String body) {
        ProviderStub.Behaviour answer = ProviderStub.answer(200, body);
        return exchange -> {
            answer.handle(exchange);
            counter.release();
        };
    }

    /** The first request of a notification stub that matches, waiting for each new one as it arrives. */
    private static ProviderStub.Request awaitRequest(ProviderStub stub, Semaphore received,
            Predicate<ProviderStub.Request> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            for (ProviderStub.Request request : stub.requests()) {
                if (wanted.test(request)) {
                    return request;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !received.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the provider never received the message; it received " + stub.requests()
                        + "\n" + application.log());
            }
        }
    }

    /** A background job's result, asked for again and again (the jar's jobs run on their own schedule). */
    private static <T> T await(String what, Callable<T> poll) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            T result = poll.call();
            if (result != null) {
                return result;
            }
            // the jar's state is all there is to watch from outside: ask again in a moment
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("gave up waiting for " + what + "\n" + application.log());
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void execute(String sql) throws SQLException {
        PackagedApplication.execute(adminUrl, sql);
    }

    /** A person of the extract, as the walk signs them in. */
    record Person(String name, String idNumber, String mobile) {
    }

    /**
     * The walk's register extract: one station, two households (the citizen's with three members), and one person
     * whose ID number is invalid (that line alone is rejected).
     */
    private final class Extract {

        static final String ADDRESS = "重庆市渝中区民族路101号";

        final Person head;
        private final List<Map<String, Object>> records = new ArrayList<>();
        private final int invalidLine;

        Extract() {
            records.add(Map.of("type", "STATION", "code", STATION, "name", "解放碑派出所(走查)"));
            records.add(household("H-WALK-1", "W0001", ADDRESS));
            head = new Person("走查户主", idNumber(Sex.M, LocalDate.of(1980, 3, 12)), MOBILE);
            records.add(person("P-WALK-1", "H-WALK-1", head.idNumber(), head.name(), "HEAD", head.mobile()));
            records.add(person("P-WALK-2", "H-WALK-1", idNumber(Sex.F, LocalDate.of(1982, 7, 1)), "走查配偶", "SPOUSE",
                    "17200000092"));
            records.add(person("P-WALK-3", "H-WALK-1", idNumber(Sex.F, LocalDate.of(2015, 5, 20)), "走查女儿",
                    "DAUGHTER", null));
            records.add(household("H-WALK-2", "W0002", "重庆市渝中区民生路202号"));
            records.add(person("P-WALK-4", "H-WALK-2", idNumber(Sex.M, LocalDate.of(1960, 1, 2)), "走查邻居", "HEAD",
                    null));
            String valid = idNumber(Sex.M, LocalDate.of(1990, 1, 1));
            // the last character is the check character: another one makes the number invalid
            String invalid = valid.substring(0, 17) + (valid.charAt(17) == '0' ? '1' : '0');
            records.add(person("P-WALK-5", "H-WALK-2", invalid, "走查错号", "SON", null));
            invalidLine = records.size();
        }

        private String idNumber(Sex sex, LocalDate birthDate) {
            return IdNumbers.generate("500103", birthDate, sex, random);
        }

        private Map<String, Object> household(String key, String number, String address) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("type", "HOUSEHOLD");
            record.put("key", key);
            record.put("number", number);
            record.put("householdType", "FAMILY");
            record.put("address", address);
            record.put("station", STATION);
            return record;
        }

        private Map<String, Object> person(String key, String household, String idNumber, String name,
                String relationship, String mobile) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("type", "PERSON");
            record.put("key", key);
            record.put("household", household);
            record.put("idNumber", idNumber);
            record.put("name", name);
            record.put("ethnicity", "汉族");
            record.put("relationship", relationship);
            record.put("status", "ACTIVE");
            if (mobile != null) {
                record.put("mobile", mobile);
            }
            return record;
        }

        String ndjson() throws Exception {
            StringBuilder lines = new StringBuilder();
            for (Map<String, Object> record : records) {
                lines.append(JSON.writeValueAsString(record)).append('\n');
            }
            return lines.toString();
        }

        long lines() {
            return records.size();
        }

        long persons() {
            return records.stream().filter(record -> "PERSON".equals(record.get("type"))).count();
        }

        int invalidLine() {
            return invalidLine;
        }
    }

    /** Bytes of the files the citizen hands in. */
    private static final class Images {

        static byte[] png(int width, int height) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            var graphics = image.createGraphics();
            graphics.setColor(new Color(0xE0, 0xC0, 0xA0));
            graphics.fillOval(width / 4, height / 6, width / 2, height * 2 / 3);
            graphics.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        static byte[] pdf() {
            return ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                    + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                    + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
                    + "trailer << /Root 1 0 R /Size 4 >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        }
    }
}
