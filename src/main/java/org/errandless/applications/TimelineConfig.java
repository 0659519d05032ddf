package org.errandless.applications;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the live timeline: long-polls ({@code GET /applications/{id}/timeline}) and event streams. */
@ConfigMapping(prefix = "errandless.timeline")
public interface TimelineConfig {

    /**
     * How often an event stream with nothing to send writes a comment line, so proxies and load balancers that cut
     * idle connections keep it open (many cut at 30 or 60 s).
     */
    @WithDefault("15S")
    Duration heartbeat();
}
