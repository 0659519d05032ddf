package org.errandless.documents;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the documents feature ({@code ## Documents} in application.properties). */
@ConfigMapping(prefix = "errandless.documents")
public interface DocumentsConfig {

    /** Largest document, by the single-shot upload and by a resumable upload's {@code Upload-Length}. */
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

    /**
     * Virus scanning: {@code none} (default) or {@code clamd}. Checked at start-up ({@link DocumentScanners}): any
     * other value stops the application with a message naming this key. Deliberately not a Bean Validation constraint:
     * one constrained mapping makes Quarkus build a validator over every configuration class at each start.
     */
    @WithDefault("none")
    String scanner();

    /** The clamd adapter. */
    Clamd clamd();

    /** Resumable uploads (tus 1.0.0 at {@code /api/v1/uploads}). */
    Uploads uploads();

    interface Uploads {
        /** The upload area: partial bytes of unfinished uploads, one file per upload; created at first use. */
        @WithDefault(".errandless/uploads")
        String directory();

        /** How long after its creation an unfinished upload lives; then 410 {@code upload-expired}, then purged. */
        @WithDefault("24H")
        Duration expiry();

        /** How often every instance deletes expired uploads (read by the scheduler; {@code off} disables it). */
        @WithDefault("15M")
        String purgeEvery();

        /**
         * How long a PATCH holds an upload without renewing its lease (a PATCH renews while bytes flow); a lease
         * left by a crashed instance frees the upload after this.
         */
        @WithDefault("2M")
        Duration lease();
    }

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
