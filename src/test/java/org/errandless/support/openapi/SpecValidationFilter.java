package org.errandless.support.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import tools.jackson.databind.JsonNode;

/**
 * Checks every answer a test receives through REST Assured against the committed spec: the operation is documented,
 * the status is documented for it, every header it sends is declared on that response (or is one of the few
 * framework headers below) and every required one is there, the media type is one the response declares, and a
 * JSON body is valid against its schema (networknt, OpenAPI 3.1 dialect). A violation fails the test with an
 * {@link AssertionError} naming what is wrong, and is also appended to {@code target/spec-violations.log} with the
 * test it happened in, so a violation a test swallows (a request on another thread) is still seen. The build empties
 * that file when it starts ({@code pom.xml}); every test JVM of the build (several surefire forks, failsafe) appends
 * to it, each violation in one locked write. With {@value #FAIL_SWITCH}{@code =false} violations are only logged
 * (a triage run that collects every violation of the suite at once).
 *
 * <p>Requests are not checked: tests send wrong input on purpose. Paths outside the API ({@code /q/...}, the
 * test-only {@code /test-support/...}) are not part of the contract and pass unchecked.
 *
 * <p>The checking itself runs in this class's copy in the system class loader, with JDK types only in between:
 * Quarkus loads test classes (this one too) afresh in each test profile's class loader, JUnit keeps those loaders
 * until the run ends, and each copy of {@link PublishedContract} held its own parsed spec and compiled schemas
 * (about 30 MB each, more as a profile's tests compile more schemas). Through the system class loader there is one
 * per JVM.
 */
public final class SpecValidationFilter implements OrderedFilter {

    /**
     * Headers the contract does not repeat on every response, because they belong to HTTP itself or to the
     * infrastructure every answer passes through. Everything else a response sends must be declared in the spec.
     */
    private static final Set<String> FRAMEWORK_HEADERS = Set.of(
            // HTTP message framing and the date (RFC 9110/9112)
            "content-type", "content-length", "transfer-encoding", "connection", "date", "keep-alive",
            // content negotiation: the server says which request headers the answer depends on
            "vary",
            // every answer carries the request id (README, "API" conventions); declared once there
            "x-request-id",
            // caching directives the packaged application's HTTP layer adds (seen in the *IT suites)
            "cache-control", "pragma");

    /** The system property that, set to {@code false}, makes violations only logged instead of failing the test. */
    public static final String FAIL_SWITCH = "errandless.spec-validation.fail";

    /** Where violations are appended, relative to the project directory the test JVMs run in. */
    static final Path LOG = Path.of("target", "spec-violations.log");

    /** The test running now in this class loader (its requests are the ones checked), for the log. */
    private static volatile String currentTest = "?";

    /** Names the test whose requests follow (called before each test by the installing callbacks). */
    public static void testStarting(String test) {
        currentTest = test;
    }

    @Override
    public int getOrder() {
        // after every other filter, so the answer checked is the one the test sees
        return OrderedFilter.LOWEST_PRECEDENCE;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        List<String> violations = check(request.getMethod(), URI.create(request.getURI()).getRawPath(), response);
        if (!violations.isEmpty()) {
            String message = request.getMethod() + " " + URI.create(request.getURI()).getRawPath() + " answered "
                    + response.getStatusCode() + ", which the spec (openapi/openapi.json) does not describe:\n  - "
                    + String.join("\n  - ", violations);
            log("[" + currentTest + "] " + message);
            if (Boolean.parseBoolean(System.getProperty(FAIL_SWITCH, "true"))) {
                throw new AssertionError(message);
            }
        }
        return response;
    }

    static List<String> check(String method, String rawPath, Response response) {
        if (!rawPath.startsWith("/api/") && !rawPath.startsWith("/.well-known/")) {
            return new ArrayList<>();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header header : response.getHeaders()) {
            headers.add(Map.entry(header.getName(), header.getValue()));
        }
        Supplier<String> body = response::asString;
        try {
            @SuppressWarnings("unchecked")
            List<String> violations = (List<String>) SHARED_CHECK.invoke(method, rawPath, response.getStatusCode(),
                    headers, response.getContentType(), body);
            return violations;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #checkAnswer} of this class's copy in the system class loader (this one where that is this). */
    private static final MethodHandle SHARED_CHECK = sharedCheck();

    private static MethodHandle sharedCheck() {
        MethodType type = MethodType.methodType(List.class, String.class, String.class, int.class, List.class,
                String.class, Supplier.class);
        Class<?> shared;
        try {
            shared = Class.forName(SpecValidationFilter.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            // a JVM whose class path does not have the test classes: each class loader checks on its own
            shared = SpecValidationFilter.class;
        }
        try {
            return MethodHandles.publicLookup().findStatic(shared, "checkAnswer", type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach " + shared.getName() + ".checkAnswer", e);
        }
    }

    /**
     * The violations of an answer (JDK types only, so that any class loader's copy of this class can call the system
     * class loader's).
     *
     * @param headers the answer's headers, name and value, in the order received
     * @param contentType the Content-Type, or null or empty without one
     * @param body the body as text, read only where it is checked
     */
    public static List<String> checkAnswer(String method, String rawPath, int status,
            List<Map.Entry<String, String>> headers, String contentType, Supplier<String> body) {
        List<String> violations = new ArrayList<>();
        if (!rawPath.startsWith("/api/") && !rawPath.startsWith("/.well-known/")) {
            return violations;
        }
        PublishedContract contract = PublishedContract.get();
        Optional<String> template = contract.template(rawPath);
        String verb = method.toLowerCase(Locale.ROOT);
        if (template.isEmpty()) {
            // the framework's answer to a path that does not exist: a problem, like every error
            if (status != 404) {
                violations.add("no operation of the spec has this path");
            }
            checkProblem(contract, contentType, body, violations);
            return violations;
        }
        JsonNode item = contract.pathItem(template.get());
        JsonNode operation = item.path(verb);
        boolean automaticHead = false;
        if (operation.isMissingNode()) {
            if ("head".equals(verb) && !item.path("get").isMissingNode()) {
                // JAX-RS answers HEAD for every GET: the GET's answer without the body
                operation = item.path("get");
                verb = "get";
                automaticHead = true;
            } else if ("options".equals(verb)) {
                // CORS preflight and JAX-RS's automatic OPTIONS: infrastructure, answered for every path
                return violations;
            } else {
                if (status != 405) {
                    violations.add("the spec has no " + method + " operation on " + template.get());
                }
                checkProblem(contract, contentType, body, violations);
                return violations;
            }
        }
        String code = String.valueOf(status);
        JsonNode responses = operation.path("responses");
        String documented = responses.has(code) ? code
                : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX"
                        : responses.has("default") ? "default" : null;
        if (documented == null) {
            violations.add("status " + status + " is not documented for " + method + " " + template.get()
                    + " (documented: " + names(responses) + ")");
            return violations;
        }
        JsonNode declared = responses.path(documented);
        if (declared.has("$ref")) {
            return violations;
        }
        checkHeaders(declared.path("headers"), status, headers, violations);
        if (automaticHead || "head".equals(verb)) {
            return violations;
        }
        String text = body.get();
        JsonNode content = declared.path("content");
        if (text == null || text.isEmpty()) {
            return violations;
        }
        if (content.isMissingNode() || content.isEmpty()) {
            violations.add("a body (" + contentType + ") where the spec declares none");
            return violations;
        }
        if (contentType == null || contentType.isBlank()) {
            violations.add("a body without Content-Type");
            return violations;
        }
        String mediaType = PublishedContract.bareMediaType(contentType);
        String key = matchingMediaType(content, mediaType);
        if (key == null) {
            violations.add("media type " + mediaType + " is not declared (declared: " + names(content) + ")");
            return violations;
        }
        if (isJson(mediaType) && content.path(key).has("schema")) {
            String pointer = "/paths/" + PublishedContract.escape(template.get()) + "/" + verb + "/responses/"
                    + PublishedContract.escape(documented) + "/content/" + PublishedContract.escape(key)
                    + "/schema";
            for (String problem : contract.validate(pointer, text)) {
                violations.add("body: " + problem);
            }
        }
        return violations;
    }

    private static void checkHeaders(JsonNode declared, int status, List<Map.Entry<String, String>> headers,
            List<String> violations) {
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (FRAMEWORK_HEADERS.contains(name) || name.startsWith("access-control-")) {
                // CORS answers (Access-Control-*) come from the HTTP layer for browsers on every path
                continue;
            }
            if ("etag".equals(name) && status == 304) {
                // a 304 repeats the validator of the representation it stands for (RFC 9110, 15.4.5)
                continue;
            }
            if (!hasIgnoringCase(declared, header.getKey())) {
                violations.add("header " + header.getKey() + " is not declared on this response");
            }
        }
        Iterator<String> names = declared.propertyNames().iterator();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode header = declared.path(name);
            List<String> values = headers.stream().filter(received -> received.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).toList();
            if (header.path("required").asBoolean(false) && values.isEmpty()) {
                violations.add("required header " + name + " is missing");
            }
            String type = header.path("schema").path("type").asString("");
            for (String value : values) {
                if (value != null && "integer".equals(type) && !value.trim().matches("-?\\d+")) {
                    violations.add("header " + name + " is declared an integer, but is '" + value + "'");
                }
            }
        }
    }

    private static boolean hasIgnoringCase(JsonNode headers, String name) {
        Iterator<String> names = headers.propertyNames().iterator();
        while (names.hasNext()) {
            if (names.next().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Every error answer is a problem, also where no operation of the spec describes it. */
    private static void checkProblem(PublishedContract contract, String contentType, Supplier<String> answer,
            List<String> violations) {
        String body = answer.get();
        if (body == null || body.isEmpty()) {
            return;
        }
        if (contentType == null || !"application/problem+json".equals(PublishedContract.bareMediaType(contentType))) {
            violations.add("an error answered as " + contentType + ", not application/problem+json");
            return;
        }
        for (String problem : contract.validate("/components/schemas/Problem", body)) {
            violations.add("problem body: " + problem);
        }
    }

    private static String matchingMediaType(JsonNode content, String mediaType) {
        if (content.has(mediaType)) {
            return mediaType;
        }
        Iterator<String> keys = content.propertyNames().iterator();
        while (keys.hasNext()) {
            String key = keys.next();
            String bare = PublishedContract.bareMediaType(key);
            if (bare.equals(mediaType) || "*/*".equals(bare)
                    || (bare.endsWith("/*") && mediaType.startsWith(bare.substring(0, bare.length() - 1)))) {
                return key;
            }
        }
        return null;
    }

    private static boolean isJson(String mediaType) {
        return "application/json".equals(mediaType) || mediaType.endsWith("+json");
    }

    private static String names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return String.join(", ", names);
    }

    /**
     * Appends one entry in a single write under an exclusive lock of the file, so entries of test JVMs running at the
     * same time (surefire forks) never interleave. Synchronized for the threads of this class loader; a lock held by
     * another class loader of the same JVM ({@link OverlappingFileLockException}) is not waited for: the write is
     * still one {@code O_APPEND} write of the whole entry.
     */
    static synchronized void log(String message) {
        ByteBuffer entry = ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            Files.createDirectories(LOG.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(LOG, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                FileLock lock = null;
                try {
                    lock = channel.lock();
                } catch (OverlappingFileLockException sameJvm) {
                    // another class loader of this JVM holds it: its write and ours are appends of whole entries
                }
                try {
                    while (entry.hasRemaining()) {
                        channel.write(entry);
                    }
                } finally {
                    if (lock != null) {
                        lock.release();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
