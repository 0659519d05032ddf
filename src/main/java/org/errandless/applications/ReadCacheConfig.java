package org.errandless.applications;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the rendered answers of {@code GET /applications/{id}} kept in memory ({@link RenderedApplications}). */
@ConfigMapping(prefix = "errandless.applications.read-cache")
public interface ReadCacheConfig {

    /**
     * Whether answers are kept in memory at all. Off, every read is one statement (and its rendering); on, a repeated
     * read of an unchanged application costs no statement (an officer's: the one that records the read).
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The most memory the kept answers take (their bytes plus a little per entry); the least recently used go first.
     * An answer is 2-4 KB, so 64M keeps some 15,000-30,000 of them.
     */
    @WithDefault("64M")
    MemorySize maxSize();
}
