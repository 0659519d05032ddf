package org.errandless.support.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The committed spec {@code openapi/openapi.json} (which {@code OpenApiSpecTest} keeps equal to what the code
 * generates), read once per JVM, with what checking an answer against it needs: the operation a request path and
 * method name, and the schemas of its answers compiled by networknt's JSON Schema validator in its OpenAPI 3.1
 * dialect, so {@code $ref}s to {@code #/components/schemas} resolve inside the document.
 *
 * <p>The document is loaded into the registry once, from the tree already parsed, and each schema validated against
 * is a sub-schema of it. Asking the registry for {@code urn:errandless:openapi#/paths/...} instead made every such
 * schema load a document of its own: about 3.7 MB per schema compiled, 477 MB after the first 16 test classes of the
 * default profile (heap dump), the largest part of the Surefire fork's live heap.
 */
public final class PublishedContract {

    /** Where the committed spec lives, relative to the project directory the tests run in. */
    public static final Path SPEC = Path.of("openapi", "openapi.json");

    private static final String DOCUMENT = "urn:errandless:openapi";
    private static volatile PublishedContract instance;

    private final JsonNode spec;
    private final SchemaRegistry registry;
    private final Schema document;
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private PublishedContract(String text) {
        this.spec = new ObjectMapper().readTree(text);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT, text))
                        .schemaLoader(loader -> loader.fetchRemoteResources(false)));
        this.document = registry.getSchema(SchemaLocation.of(DOCUMENT), spec);
        Iterator<String> paths = spec.path("paths").propertyNames().iterator();
        while (paths.hasNext()) {
            templates.add(new Template(paths.next()));
        }
        // literal segments win over variables: /uploads/{id} must not swallow a literal sibling
        templates.sort(Comparator.comparingInt(Template::variables));
    }

    /** The committed spec. */
    public static PublishedContract get() {
        PublishedContract current = instance;
        if (current == null) {
            synchronized (PublishedContract.class) {
                current = instance;
                if (current == null) {
                    try {
                        current = new PublishedContract(Files.readString(SPEC, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + SPEC.toAbsolutePath(), e);
                    }
                    instance = current;
                }
            }
        }
        return current;
    }

    /** The whole spec as a tree. */
    public JsonNode spec() {
        return spec;
    }

    /** The path template of the spec that a request path (without query) falls under. */
    public Optional<String> template(String rawPath) {
        String[] segments = split(rawPath);
        return templates.stream().filter(template -> template.matches(segments)).map(Template::text).findFirst();
    }

    /** The path item of a template. */
    public JsonNode pathItem(String template) {
        return spec.path("paths").path(template);
    }

    /**
     * The errors of a JSON body against the schema at a JSON pointer into the spec (e.g. a response's content
     * schema), as readable lines; empty when it is valid.
     */
    public List<String> validate(String pointer, String body) {
        Schema schema = compiled.computeIfAbsent(pointer, key -> document.getSubSchema(nodePath(key)));
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(body, InputFormat.JSON)) {
            problems.add(error.toString());
        }
        return problems;
    }

    /** The path of a JSON pointer (RFC 6901) into the document. */
    private static NodePath nodePath(String pointer) {
        NodePath path = new NodePath(PathType.JSON_POINTER);
        if (pointer.isEmpty()) {
            return path;
        }
        for (String token : pointer.substring(1).split("/", -1)) {
            path = path.append(token.replace("~1", "/").replace("~0", "~"));
        }
        return path;
    }

    /** A JSON pointer token (RFC 6901). */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    /** A path of the spec, segment by segment; {@code {name}} matches any one non-empty segment. */
    private record Template(String text, String[] segments) {

        Template(String text) {
            this(text, split(text));
        }

        int variables() {
            int count = 0;
            for (String segment : segments) {
                if (segment.startsWith("{")) {
                    count++;
                }
            }
            return count;
        }

        boolean matches(String[] raw) {
            if (raw.length != segments.length) {
                return false;
            }
            for (int i = 0; i < raw.length; i++) {
                String segment = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                if (segments[i].startsWith("{") ? segment.isEmpty() : !segments[i].equals(segment)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The media type without parameters, lower case. */
    public static String bareMediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
