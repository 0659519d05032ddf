package org.errandless.applications;

import static org.errandless.applications.ApplicationStatus.ACCEPTED;
import static org.errandless.applications.ApplicationStatus.APPROVED;
import static org.errandless.applications.ApplicationStatus.COMPLETED;
import static org.errandless.applications.ApplicationStatus.DRAFT;
import static org.errandless.applications.ApplicationStatus.REJECTED;
import static org.errandless.applications.ApplicationStatus.SUBMITTED;
import static org.errandless.applications.ApplicationStatus.SUPPLEMENT_REQUIRED;
import static org.errandless.applications.ApplicationStatus.SUSPENDED;
import static org.errandless.applications.ApplicationStatus.WITHDRAWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.errandless.common.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DOMAIN.md's transition table, every (status, action) pair: the listed moves and nothing else. */
class LifecycleTest {

    /** The table, written out independently of {@link Lifecycle}. */
    private static final Map<ApplicationStatus, Map<ApplicationAction, ApplicationStatus>> TABLE = table();

    private static Map<ApplicationStatus, Map<ApplicationAction, ApplicationStatus>> table() {
        Map<ApplicationStatus, Map<ApplicationAction, ApplicationStatus>> table = new EnumMap<>(ApplicationStatus.class);
        for (ApplicationStatus status : ApplicationStatus.values()) {
            table.put(status, new EnumMap<>(ApplicationAction.class));
        }
        table.get(DRAFT).put(ApplicationAction.SUBMIT, SUBMITTED);
        table.get(SUBMITTED).put(ApplicationAction.ACCEPT, ACCEPTED);
        table.get(SUBMITTED).put(ApplicationAction.REQUEST_SUPPLEMENT, SUPPLEMENT_REQUIRED);
        table.get(SUPPLEMENT_REQUIRED).put(ApplicationAction.SUBMIT, SUBMITTED);
        table.get(SUBMITTED).put(ApplicationAction.REJECT, REJECTED);
        table.get(ACCEPTED).put(ApplicationAction.SUSPEND, SUSPENDED);
        table.get(SUSPENDED).put(ApplicationAction.RESUME, ACCEPTED);
        table.get(ACCEPTED).put(ApplicationAction.APPROVE, COMPLETED);
        table.get(APPROVED).put(ApplicationAction.COMPLETE, COMPLETED);
        table.get(ACCEPTED).put(ApplicationAction.REJECT, REJECTED);
        for (ApplicationStatus status : List.of(DRAFT, SUBMITTED, SUPPLEMENT_REQUIRED, ACCEPTED, SUSPENDED)) {
            table.get(status).put(ApplicationAction.WITHDRAW, WITHDRAWN);
        }
        return table;
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (ApplicationStatus status : ApplicationStatus.values()) {
            for (ApplicationAction action : ApplicationAction.values()) {
                pairs.add(Arguments.of(status, action));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} --{1}-->")
    @MethodSource("everyPair")
    void tableDecidesEveryPair(ApplicationStatus from, ApplicationAction action) {
        Optional<ApplicationStatus> expected = Optional.ofNullable(TABLE.get(from).get(action));
        assertEquals(expected, Lifecycle.next(from, action, false));
        Optional<ApplicationStatus> withHandOver = expected.map(to -> action == ApplicationAction.APPROVE ? APPROVED : to);
        assertEquals(withHandOver, Lifecycle.next(from, action, true));
    }

    @ParameterizedTest(name = "{0} --{1}--> on the aggregate")
    @MethodSource("everyPair")
    void aggregateRefusesWhatTheTableDoesNotList(ApplicationStatus from, ApplicationAction action) {
        Application application = Application.draft(UUID.randomUUID(), "ADDRESS_CHANGE", UUID.randomUUID(),
                UUID.randomUUID(), "{}", Instant.EPOCH);
        application.status = from;
        if (TABLE.get(from).containsKey(action)) {
            application.requireAllowed(action);
        } else {
            ProblemException refused = assertThrows(ProblemException.class, () -> application.requireAllowed(action));
            assertEquals(409, refused.status());
            assertEquals("invalid-transition", refused.code());
        }
    }

    @Test
    void finalStatusesAllowNothing() {
        for (ApplicationStatus status : ApplicationStatus.values()) {
            if (status.isFinal()) {
                for (ApplicationAction action : ApplicationAction.values()) {
                    assertEquals(Optional.empty(), Lifecycle.next(status, action, true), status + " " + action);
                }
            }
        }
    }

    @Test
    void supplementOnlyOnce() {
        Application application = Application.draft(UUID.randomUUID(), "ADDRESS_CHANGE", UUID.randomUUID(),
                UUID.randomUUID(), "{}", Instant.EPOCH);
        application.status = SUBMITTED;
        ApplicationEvent event = application.requestSupplement("[\"ID_PHOTO\"]", "请补充", Instant.EPOCH);
        assertEquals(1, event.seq);
        assertEquals(SUPPLEMENT_REQUIRED, application.status);
        application.status = SUBMITTED;
        ProblemException again = assertThrows(ProblemException.class,
                () -> application.requestSupplement("[]", null, Instant.EPOCH));
        assertEquals("supplement-already-requested", again.code());
    }

    @Test
    void mergePatchFollowsRfc7396() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var target = json.readTree("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}");
        var patch = json.readTree("{\"a\":\"z\",\"c\":{\"f\":null}}");
        assertEquals(json.readTree("{\"a\":\"z\",\"c\":{\"d\":\"e\"}}"), MergePatch.apply(target, patch));
        assertEquals(json.readTree("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}"), target);
    }
}
