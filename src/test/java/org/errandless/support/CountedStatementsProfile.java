package org.errandless.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile whose datasource counts every round trip to the database per request ({@link StatementCounter}), for
 * tests that assert how many statements an endpoint makes. Same database and settings as the other tests otherwise.
 */
public class CountedStatementsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.jdbc.driver", StatementCounter.class.getName());
    }
}
