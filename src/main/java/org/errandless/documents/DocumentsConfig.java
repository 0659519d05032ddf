package org.errandless.documents;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the documents feature ({@code ## Documents} in application.properties). */
@ConfigMapping(prefix = "errandless.documents")
public interface DocumentsConfig {

    /** Largest file accepted by the single-shot upload. */
    @WithDefault("20M")
    MemorySize maxSize();

    /** Room for the multipart framing on top of {@link #maxSize()} when the whole request is checked early. */
    @WithDefault("64K")
    MemorySize requestOverhead();

    /** Most pixels (width × height) an image may declare: more is a decompression bomb. */
    @WithDefault("50000000")
    long maxPixels();

    /** Per-citizen quota. */
    Quota quota();

    /** The filesystem content store. */
    Storage storage();

    /** Virus scanning: {@code none} (default) or {@code clamd}. */
    @WithDefault("none")
    String scanner();

    /** The clamd adapter. */
    Clamd clamd();

    interface Quota {
        /** Documents a citizen may hold at once. */
        @WithDefault("200")
        int maxCount();

        /** Bytes a citizen's documents may take together. */
        @WithDefault("500M")
        MemorySize maxBytes();
    }

    interface Storage {
        /** Directory of the filesystem store; created at first use. */
        @WithDefault(".errandless/documents")
        String directory();
    }

    interface Clamd {
        @WithDefault("localhost")
        String host();

        @WithDefault("3310")
        int port();

        /** Connect and read timeout. */
        @WithDefault("30S")
        Duration timeout();
    }
}
