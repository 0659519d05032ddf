package org.errandless.documents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/** Chooses the {@link DocumentScanner} adapter from {@code errandless.documents.scanner}. */
@ApplicationScoped
public class DocumentScanners {

    @Produces
    @ApplicationScoped
    @DefaultBean
    DocumentScanner scanner(DocumentsConfig config) {
        return switch (config.scanner()) {
            case "none" -> new NoOpDocumentScanner();
            case "clamd" -> new ClamdDocumentScanner(config.clamd().host(), config.clamd().port(),
                    config.clamd().timeout());
            default -> throw new IllegalStateException(
                    "errandless.documents.scanner must be none or clamd, not " + config.scanner());
        };
    }
}
