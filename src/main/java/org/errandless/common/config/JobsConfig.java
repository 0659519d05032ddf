package org.errandless.common.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * When the scheduled jobs of an instance first run after its start. Every interval job ({@code @Scheduled(every =
 * ...)}) names one of these in its {@code delayed}, so its first transaction, query parsing and classes do not compete
 * with the start for the instance's cores; after that it runs at its own interval. Nothing is lost meanwhile: each job
 * finds its work in the database when it runs (due outbox messages, expired rows, queued imports), and the jobs that
 * must run once across instances claim their rows there as before. The nightly cron job (retention purge) keeps its
 * hour. ({@code ArchitectureTest.everyIntervalJobWaitsForTheStart} keeps every interval job delayed.)
 */
@ConfigMapping(prefix = "errandless.jobs")
public interface JobsConfig {

    /**
     * How long after the start the housekeeping jobs (purges, sweeps, gauges, warnings, reminders, notices, the
     * import worker) first run: longer than a start takes, so none of their work lands on the start; {@code 0s} runs
     * them at once (tests).
     */
    @WithDefault("30s")
    Duration firstRunAfter();

    /**
     * How long after the start the outbox dispatcher first runs. Shorter than {@link #firstRunAfter()}: a citizen
     * waits for its SMS (sign-in codes), so it starts as soon as the start is usually over; {@code 0s} at once.
     */
    @WithDefault("5s")
    Duration firstDispatchAfter();
}
