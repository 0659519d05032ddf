package org.errandless.identity.citizen;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the rendered answers of {@code GET /me} kept in memory ({@link ProfileSnapshots}). */
@ConfigMapping(prefix = "errandless.profiles.cache")
public interface ProfileCacheConfig {

    /**
     * Whether answers are kept in memory at all. Off, every {@code GET /me} reads the account and its person; on, a
     * repeated read of an unchanged profile costs no statement.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The most memory the kept answers take (their bytes plus a little per entry); the least recently used go first.
     * An answer with its tag and entry is about 600 bytes, so 32M keeps some 50,000 profiles.
     */
    @WithDefault("32M")
    MemorySize maxSize();
}
