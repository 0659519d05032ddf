package org.errandless.documents;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;

/**
 * Chooses the {@link DocumentScanner} adapter from {@code errandless.documents.scanner}. A value that names none
 * stops the application at start-up, before it serves anything.
 */
@ApplicationScoped
public class DocumentScanners {

    /** The adapters there are. */
    static final List<String> KINDS = List.of("none", "clamd");

    /** Refuses a setting that names no adapter before the application serves anything. */
    void checkAtStartup(@Observes @Priority(10) StartupEvent event, DocumentsConfig config) {
        kind(config.scanner());
    }

    @Produces
    @ApplicationScoped
    @DefaultBean
    DocumentScanner scanner(DocumentsConfig config) {
        return switch (kind(config.scanner())) {
            case "clamd" -> new ClamdDocumentScanner(config.clamd().host(), config.clamd().port(),
                    config.clamd().timeout());
            default -> new NoOpDocumentScanner();
        };
    }

    /**
     * The adapter a setting names.
     *
     * @throws IllegalStateException naming the key, its environment variable and the allowed values
     */
    static String kind(String setting) {
        String kind = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new IllegalStateException("errandless.documents.scanner (ERRANDLESS_DOCUMENTS_SCANNER) must be "
                    + String.join(" or ", KINDS) + ", not '" + setting + "'");
        }
        return kind;
    }
}
