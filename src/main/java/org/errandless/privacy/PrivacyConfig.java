package org.errandless.privacy;

import java.time.Duration;
import java.time.Period;


import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the privacy feature ({@code ## Privacy} in application.properties): the citizen's export of their own
 * data, and the retention of what the law no longer requires us to keep. The retention periods are policy: each
 * default is the reading of the rules given in README.md's Configure table, for the data protection officer to confirm.
 */
@ConfigMapping(prefix = "errandless.privacy")
public interface PrivacyConfig {

    /** {@code GET /api/v1/me/export}. */
    Export export();

    /** How long things are kept once nothing needs them any more. */
    Retention retention();

    /** The scheduled purge. */
    Purge purge();

    /** Limits of the export. */
    interface Export {

        /** Exports one account may start in each window (429 {@code rate-limited} beyond). */
        @WithDefault("3")
        int permits();

        /** The window of {@link #permits()}. */
        @WithDefault("1H")
        Duration window();
    }

    /** Retention periods, as ISO-8601 periods counted in calendar years and days (Asia/Shanghai). */
    interface Retention {

        /**
         * Access records (who read a person's data) are deleted when older than this; at least three years (the
         * database keeps three years whatever this says, and the application refuses to start with less).
         */
        @WithDefault("P5Y")
        Period accessRecords();

        /** Documents attached only to applications that closed (COMPLETED, REJECTED, WITHDRAWN) this long ago. */
        @WithDefault("P30Y")
        Period closedApplicationDocuments();

        /** Documents attached to no application, uploaded this long ago. */
        @WithDefault("P1Y")
        Period unattachedDocuments();
    }

    /** The purge job. */
    interface Purge {

        /**
         * When each instance offers to run it: a Quartz-style cron expression in Asia/Shanghai, or {@code off}. One
         * instance runs it (whichever claims the job first); the others skip.
         */
        @WithDefault("0 30 3 * * ?")
        String cron();

        /**
         * How long a run holds the job from its last batch: another instance may take the job over only after a
         * run stopped renewing for this long; also the least time between two runs.
         */
        @WithDefault("30M")
        Duration lease();

        /** Rows (or documents) deleted per batch; each batch is its own short transaction. */
        @WithDefault("500")
        int batchSize();
    }
}
