package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/** A scanner for tests: content containing {@link #MARKER} is malware, everything else is clean. */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestDocumentScanner implements DocumentScanner {

    static final String MARKER = "ERRANDLESS-TEST-MALWARE";

    /** Runs once during the next scan, after the bytes were stored and before the row is written. */
    static final AtomicReference<Runnable> DURING_NEXT_SCAN = new AtomicReference<>();

    @Override
    public Verdict scan(InputStream content) throws IOException {
        Runnable hook = DURING_NEXT_SCAN.getAndSet(null);
        if (hook != null) {
            hook.run();
        }
        String text = new String(content.readAllBytes(), StandardCharsets.ISO_8859_1);
        return text.contains(MARKER) ? Verdict.infected("Errandless-Test-Signature") : Verdict.clean();
    }
}
