package org.errandless.evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A CDI event fired synchronously, inside the transaction of the change, whenever an evaluation is given or changes
 * what it counts (a re-rating, an upheld appeal) or its rectification task opens or closes. It carries the state after
 * the change, so an observer (supervision: statistics, warnings) can simply take it over. An observer that throws
 * rolls the change back.
 *
 * @param evaluationId the evaluation
 * @param applicationId the application rated
 * @param stationCode the handling station rated
 * @param serviceCode the application's service
 * @param evaluatedAt when the (first) evaluation was given
 * @param countedScore the score the statistics count (the re-rating where there is one); null once an appeal against
 *        it was upheld
 * @param rectificationDueDate the due date of the open rectification task; null when none is open
 */
public record EvaluationChanged(UUID evaluationId, UUID applicationId, String stationCode, String serviceCode,
        Instant evaluatedAt, Integer countedScore, LocalDate rectificationDueDate) {
}
