package org.errandless.applications;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The job that tells heads of households by SMS of consent requests made where that could not be done at once. */
@ConfigMapping(prefix = "errandless.move-in-consent.notices")
public interface ConsentNoticeConfig {

    /**
     * How often each instance sends the SMS still due for consent requests (those the V20261206_1101 backfill made),
     * as a Quarkus scheduler interval such as {@code 1M}; {@code off} leaves it to explicit calls (tests).
     */
    @WithDefault("1M")
    String every();

    /** Requests one transaction of the job tells at most (rows locked with SKIP LOCKED). */
    @WithDefault("100")
    int batchSize();
}
