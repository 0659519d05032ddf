package org.errandless.registry.imports;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the register import ({@code ## Register import} in application.properties). */
@ConfigMapping(prefix = "errandless.register-import")
public interface RegisterImportConfig {

    /** Largest extract one request (or one command-line run) may send: 413 {@code payload-too-large} above. */
    @WithDefault("4G")
    MemorySize maxSize();

    /** Longest line; a longer one is rejected ({@code line-too-long}) without being held in memory. */
    @WithDefault("16K")
    MemorySize maxLineLength();

    /**
     * Threads that parse, check, encrypt and hash the lines of an extract while it streams in (the request's own
     * thread reads and writes to PostgreSQL); {@code 0}: one per processor, at most 4.
     */
    @WithDefault("0")
    int parallelism();

    /**
     * {@code work_mem} of the apply's transaction: its sorts and hashes over millions of staged lines stay in memory
     * up to this much each (PostgreSQL's default is 4MB).
     */
    @WithDefault("64MB")
    String workMem();

    /**
     * How often every instance looks for a queued import to apply (a Quarkus scheduler interval such as {@code 2s});
     * {@code off} leaves applying to explicit calls (tests, the command line). An instance that receives an import
     * starts on it at once either way, unless this is {@code off}.
     */
    @WithDefault("2s")
    String workEvery();

    /**
     * A RUNNING import whose applying transaction is gone (its instance died) is taken up again once it was claimed
     * this long ago; the wait covers the moment between the claim and the start of the apply.
     */
    @WithDefault("60S")
    Duration resumeAfter();

    /** Claims of one import before it is given up as FAILED ({@code interrupted}): an import that kills its instance. */
    @WithDefault("3")
    int maxAttempts();

    /** Longest time the streaming of one extract into the staging table may take (its transaction's timeout). */
    @WithDefault("1H")
    Duration receiveTimeout();

    /** Longest time the checks and upserts of one import may take (its transaction's timeout). */
    @WithDefault("1H")
    Duration applyTimeout();
}
