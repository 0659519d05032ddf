package org.errandless.common.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the {@link LiveFeed}: its PostgreSQL channel and how its one listener connection is kept alive. */
@ConfigMapping(prefix = "errandless.live-feed")
public interface LiveFeedConfig {

    /** Whether this instance listens at all; without a listener every wait simply runs into its timeout. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The PostgreSQL notification channel (a lower-case SQL identifier). Every instance of one deployment must use
     * the same one; two deployments sharing a database must not.
     */
    @WithDefault("errandless_live_feed")
    String channel();

    /**
     * How long the listener blocks on its socket waiting for notifications before it looks up (to stop, or to probe
     * the connection). It does not delay wake-ups: notifications interrupt the wait as they arrive.
     */
    @WithDefault("1S")
    Duration pollInterval();

    /**
     * How often an idle listener connection is probed with a query, so a connection that died without a word (a
     * firewall dropping it) is noticed and replaced.
     */
    @WithDefault("30S")
    Duration probeInterval();

    /** Pause before the first reconnection attempt after the connection was lost; doubled after each failure. */
    @WithDefault("100MS")
    Duration reconnectBackoff();

    /** Longest pause between reconnection attempts (so the listener is back within this long after the database). */
    @WithDefault("5S")
    Duration maxReconnectBackoff();

    /**
     * After a reconnect, everybody who waited or followed a key re-checks (publishes may have been missed): this many
     * at a time, so a database that just came back is not hit by every open stream at once.
     */
    @WithDefault("200")
    int recheckBatchSize();

    /** The pause between two batches of re-checks after a reconnect. */
    @WithDefault("100MS")
    Duration recheckBatchPause();

    /**
     * Readiness ({@code /q/health/ready}) reports DOWN while the listener has been disconnected for longer than this:
     * an instance that cannot hear other instances' changes should get no new long-polls or streams.
     */
    @WithDefault("10S")
    Duration unreadyAfter();
}
