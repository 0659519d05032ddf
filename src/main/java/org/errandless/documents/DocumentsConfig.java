package org.errandless.documents;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

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

    /**
     * Where documents and unfinished uploads are kept: {@code file} (default; a directory, shared between instances)
     * or {@code s3} (an S3-compatible bucket, {@link #s3()}).
     */
    @WithDefault("file")
    String store();

    /** The filesystem content store. */
    Storage storage();

    /** The S3-compatible content store. */
    S3 s3();

    /** The sweep of bytes that no document or upload refers to. */
    Sweep sweep();

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
        /**
         * The file store's upload area: partial bytes of unfinished uploads, one file per upload, renamed into the
         * store's directory when finished (keep both on one filesystem); created at first use.
         */
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
        @WithDefault("30S")
        Duration lease();

        /**
         * Threads that write the bytes of tus PATCHes into the file store's upload area and hash them, off the HTTP
         * I/O threads. An upload holds one only while bytes of it wait to be written, so more uploads than threads
         * take turns (their connections pause meanwhile), and a slow disk slows the uploads, not other requests.
         */
        @WithDefault("8")
        int writeThreads();
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

    interface S3 {
        /** The service's address, e.g. {@code https://s3.cn-north-1.amazonaws.com.cn} or a MinIO/Ceph URL. */
        Optional<URI> endpoint();

        /** The region to sign requests for. */
        @WithDefault("us-east-1")
        String region();

        /** The bucket (created beforehand; the application never creates or configures it). */
        Optional<String> bucket();

        /** A prefix for every key, e.g. {@code errandless/}; none by default. */
        Optional<String> prefix();

        /**
         * Access key; without one the SDK's default chain is used (AWS_ACCESS_KEY_ID, a profile, an instance role).
         */
        Optional<String> accessKeyId();

        /** Secret key, with {@link #accessKeyId()}. */
        Optional<String> secretAccessKey();

        /** Path-style URLs ({@code endpoint/bucket/key}), which most S3-compatible servers need. */
        @WithDefault("false")
        boolean pathStyle();

        /** Size of the parts of a resumable upload (at least 5M, S3's minimum for all parts but the last). */
        @WithDefault("8M")
        MemorySize partSize();

        /** Connections to the service per instance. */
        @WithDefault("64")
        int maxConnections();
    }

    interface Sweep {
        /** How often every instance removes bytes no row refers to ({@code off} disables it). */
        @WithDefault("1H")
        String every();

        /** Bytes younger than this are never swept: they may belong to an upload that is being written. */
        @WithDefault("6H")
        Duration grace();
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
