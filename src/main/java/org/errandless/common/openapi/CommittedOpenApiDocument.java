package org.errandless.common.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;

/**
 * The OpenAPI document of the packaged (prod-built) application: the committed {@code openapi/openapi.json} and
 * {@code openapi/openapi.yaml}, packaged as they are under {@value #LOCATION} (see the pom's resources) and read on
 * the first request for each format. Quarkus' own {@code /q/openapi} handler still answers (its paths, {@code ?format},
 * {@code Accept} negotiation, CORS); only the bytes come from here.
 * <p>
 * Why: Quarkus 3.33 prepares its document at every start ({@code OpenApiRecorder.prepareDocument}, no setting skips
 * it): it reads the stored document back and writes it out as JSON and as YAML, a third of a start for our 1.1 MB
 * spec. The prod build therefore scans nothing ({@code %prod.mp.openapi.scan.disable}, application.properties), so
 * what Quarkus prepares is a few hundred bytes, and this bean serves the committed files instead. They are what the
 * code generates: {@code OpenApiSpecTest} compares them with the generated document in every build, and
 * {@code OpenApiSpecIT} checks the packaged jar serves them byte for byte. Dev mode and {@code @QuarkusTest} (other
 * build profiles) keep Quarkus' generated document.
 * <p>
 * {@code @Singleton}, not the inherited {@code @ApplicationScoped}: the recorder calls the package-private
 * {@code prepareDocument} of the base class, which a client proxy of a class in another package could not delegate.
 * {@code @Unremovable}: Quarkus looks the service up by its type at start and per request, nothing injects it.
 */
@Alternative
@Priority(1)
@Singleton
@Unremovable
@IfBuildProfile("prod")
public class CommittedOpenApiDocument extends OpenApiDocumentService {

    /** Where the committed files are packaged, on the class path. */
    public static final String LOCATION = "META-INF/errandless/openapi/";

    @PostConstruct
    void packaged() {
        // fail the start, not the first request, when a build forgot them
        for (String file : new String[] { "openapi.json", "openapi.yaml" }) {
            if (loader().getResource(LOCATION + file) == null) {
                throw new IllegalStateException("The packaged OpenAPI document " + LOCATION + file + " is missing: "
                        + "the build packages openapi/" + file + " there (pom.xml, build resources)");
            }
        }
    }

    @Override
    public byte[] getDocument(String documentName, Format format) {
        if (!OpenApiConstants.DEFAULT_DOCUMENT_NAME.equals(documentName)) {
            // no other document is configured; should one be, Quarkus serves it as before
            return super.getDocument(documentName, format);
        }
        return format == Format.JSON ? Json.BYTES : Yaml.BYTES;
    }

    /** The committed JSON, read when first asked for (class initialisation is lazy and thread-safe). */
    private static final class Json {
        static final byte[] BYTES = read("openapi.json");
    }

    /** The committed YAML, likewise. */
    private static final class Yaml {
        static final byte[] BYTES = read("openapi.yaml");
    }

    static byte[] read(String file) {
        try (InputStream in = loader().getResourceAsStream(LOCATION + file)) {
            if (in == null) {
                throw new IllegalStateException("The packaged OpenAPI document " + LOCATION + file + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the packaged OpenAPI document " + LOCATION + file, e);
        }
    }

    private static ClassLoader loader() {
        return CommittedOpenApiDocument.class.getClassLoader();
    }
}
