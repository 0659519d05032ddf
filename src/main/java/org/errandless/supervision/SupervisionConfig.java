package org.errandless.supervision;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Supervision (督查): the deadline-warning job, the statistics and the per-station gauges. */
@ConfigMapping(prefix = "errandless.supervision")
public interface SupervisionConfig {

    /** The deadline-warning job. */
    Warnings warnings();

    /** The per-station Prometheus gauges. */
    Gauges gauges();

    /** The statistics endpoint. */
    Statistics statistics();

    /** The deadline-warning job. */
    interface Warnings {

        /**
         * How often each instance looks for levels the business date has moved (a Quarkus scheduler interval such as
         * {@code 5M}); {@code off} leaves it to explicit calls (tests). A level changes at most once a day, at
         * midnight Asia/Shanghai, so warnings go out within this interval after it.
         */
        @WithDefault("5M")
        String every();

        /** Warnings one transaction of the job moves at most (rows locked with SKIP LOCKED). */
        @WithDefault("200")
        int batchSize();
    }

    /** The per-station Prometheus gauges. */
    interface Gauges {

        /**
         * How often each instance recomputes them with three grouped queries (a scrape only reads the last values);
         * {@code off} in tests, which refresh explicitly.
         */
        @WithDefault("1M")
        String every();
    }

    /** The statistics endpoint. */
    interface Statistics {

        /** The longest period ({@code to - from + 1}, in days) one request may ask for. */
        @WithDefault("366")
        int maxDays();
    }
}
