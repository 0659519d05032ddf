package org.errandless.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile whose datasource counts every round trip to the database per request ({@link StatementCounter}), for
 * tests that assert how many statements an endpoint makes. Same database and settings as the other tests otherwise,
 * but for the pool's foreground validation: the pool probes a connection idle for longer than its interval (1 s) with
 * {@code isValid} before handing it out, which on a loaded machine lands inside a counted request now and then and is
 * the pool's hygiene, not the endpoint's work; the interval here is longer than any test.
 */
public class CountedStatementsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.jdbc.driver", StatementCounter.class.getName(),
                "quarkus.datasource.jdbc.foreground-validation-interval", "1H");
    }
}
