package org.errandless.common.openapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.smallrye.openapi.runtime.io.Format;

/**
 * The build packages the committed spec where {@link CommittedOpenApiDocument} reads it, and it hands out exactly
 * those bytes (the bean is only active in a prod build: {@code OpenApiSpecIT} checks it in the packaged jar).
 */
class CommittedOpenApiDocumentTest {

    @Test
    void servesTheCommittedFilesAsTheyAre() throws IOException {
        CommittedOpenApiDocument document = new CommittedOpenApiDocument();
        document.packaged();
        byte[] json = document.getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON);
        byte[] yaml = document.getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.YAML);
        assertArrayEquals(Files.readAllBytes(Path.of("openapi", "openapi.json")), json);
        assertArrayEquals(Files.readAllBytes(Path.of("openapi", "openapi.yaml")), yaml);
        // read once, then kept
        assertSame(json, document.getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON));
    }
}
