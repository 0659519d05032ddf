package org.errandless.evaluation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Evaluations (好差评) and their rectification. */
@ConfigMapping(prefix = "errandless.evaluation")
public interface EvaluationConfig {

    /**
     * Working days a supervisor has to close the rectification task a score of 1 or 2 opens, counted like a service's
     * time limit from the day of the evaluation (which does not count itself).
     */
    @WithDefault("15")
    int rectificationWorkingDays();
}
